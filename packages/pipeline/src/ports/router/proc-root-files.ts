// Files into and out of a running container from the engine's own machine, through its main process's
// root (/proc/<pid>/root): atomic renames, no engine call. The engine's archive API takes ~120 ms a put
// or a get here (it runs a process of its own for each, one at a time per container): most of a switch.
import { constants } from 'node:fs';
import { lstat, open, readlink } from 'node:fs/promises';
import path from 'node:path';
import { readCmdline, replaceSymlinkAtomic, writeFileAtomic } from '@ferry/shared';
import type { EntryToPut } from '../docker/archive.js';

/**
 * Writes `entries` in order when `pid` is an nginx master and every directory on the way is a real one
 * (a symlink there would resolve against this machine's root, not the container's); whether it wrote.
 */
export async function writeThroughProcRoot(pid: number, entries: EntryToPut[]): Promise<boolean> {
  if (!(await isNginxMaster(pid))) return false;
  const root = `/proc/${pid}/root`;
  const dirs = new Set(entries.map((entry) => path.posix.dirname(entry.path)));
  for (const dir of dirs) if (!(await realDirectories(root, dir))) return false;
  for (const entry of entries) {
    const at = root + entry.path;
    if ('linkTo' in entry) await replaceSymlinkAtomic(at, entry.linkTo);
    else await writeFileAtomic(at, entry.text, { mode: entry.mode });
  }
  return true;
}

/** A file's text (not followed if it is a link), null when it does not exist; undefined when this way cannot be used. */
export async function readThroughProcRoot(pid: number, file: string): Promise<string | null | undefined> {
  return throughRoot(pid, file, async (at) => {
    const handle = await open(at, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  });
}

/** Where a link points (as stored), null when there is no link; undefined when this way cannot be used. */
export function readLinkThroughProcRoot(pid: number, link: string): Promise<string | null | undefined> {
  return throughRoot(pid, link, (at) => readlink(at));
}

async function throughRoot(pid: number, file: string, read: (at: string) => Promise<string>): Promise<string | null | undefined> {
  const root = `/proc/${pid}/root`;
  if (!(await isNginxMaster(pid)) || !(await realDirectories(root, path.posix.dirname(file)))) return undefined;
  try {
    return await read(root + file);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
}

/** nginx's master names itself so in its command line (the container's PID 1 while the router runs). */
export const isNginxMasterArgs = (args: string): boolean => args.startsWith('nginx: master process');
const isNginxMaster = async (pid: number) => isNginxMasterArgs(await readCmdline(pid));

/** Whether each component of `dir` (absolute, in the container) under `root` exists and is a directory, not a link. */
async function realDirectories(root: string, dir: string): Promise<boolean> {
  let at = root;
  for (const part of dir.split('/').filter(Boolean)) {
    at = `${at}/${part}`;
    const info = await lstat(at).catch(() => null);
    if (!info?.isDirectory()) return false; // lstat: a symlink is not a directory
  }
  return true;
}
