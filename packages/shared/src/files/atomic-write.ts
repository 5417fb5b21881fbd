import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, rename, rm, symlink, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  mode?: number; // the file's mode as created (the umask applies); default 0o600: state is private
  overwrite?: boolean; // false: fail with EEXIST when the file exists, e.g. a backup's metadata
}

/** Directories the writer creates can be entered by exactly whoever may read the file: 0600 → 0700, 0644 → 0755. */
export function directoryModeFor(mode: number): number {
  return mode | ((mode & 0o444) >> 2);
}

/**
 * Readers see the old file or the new one, never part of either, and a crash leaves one of them:
 * the content goes to an exclusive temp file with an unguessable name beside the target (same file
 * system, so the rename is atomic; nothing planted there is written through), is fsynced, renamed
 * over the target (or hard-linked when it must not replace one), and the directory is fsynced so
 * the rename itself survives a power cut. A symlink planted at the target is replaced, not followed.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: directoryModeFor(mode) });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite === false) {
      await link(temp, file);
      await unlink(temp);
    } else {
      await rename(temp, file);
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Points `linkPath` at `target` in one step: readers that follow it see the old target or the new one, never
 * nothing (a symlink made under a temp name, renamed over the old link), and the directory is fsynced.
 */
export async function replaceSymlinkAtomic(linkPath: string, target: string): Promise<void> {
  const dir = path.dirname(linkPath);
  const temp = path.join(dir, `.${path.basename(linkPath)}.${randomBytes(8).toString('hex')}.tmp`);
  await symlink(target, temp);
  try {
    await rename(temp, linkPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Appends to a log such as the release history and fsyncs it, so the line survives a crash right
 * after. A symlink planted at `file` is refused (ELOOP), never appended through.
 */
export async function appendFileDurable(file: string, text: string, mode = 0o600): Promise<void> {
  await appendDurable(file, () => text, mode);
}

/**
 * Appends one line (a newline is added) to a line log such as the release history, fsynced. A torn last
 * line (a crash mid-append left no newline) is ended first, so the new line never fuses with it.
 */
export async function appendLineDurable(file: string, line: string, mode = 0o600): Promise<void> {
  await appendDurable(file, (lastByte) => lineToAppend(lastByte, line), mode);
}

/** What to append after a log whose last byte is `lastByte` (null: empty): the line on a line of its own. */
export function lineToAppend(lastByte: number | null, line: string): string {
  const tornTail = lastByte !== null && lastByte !== NEWLINE;
  return `${tornTail ? '\n' : ''}${line}\n`;
}

const NEWLINE = 0x0a;

async function appendDurable(file: string, textAfter: (lastByte: number | null) => string, mode: number): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: directoryModeFor(mode) });
  const handle = await open(file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, mode);
  try {
    await handle.appendFile(textAfter(await lastByteOf(handle)));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(dir); // the first append created the file: its directory entry must last too
}

async function lastByteOf(handle: FileHandle): Promise<number | null> {
  const { size } = await handle.stat();
  if (size === 0) return null;
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, size - 1);
  return byte[0]!;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
