// State from before the default moved out of the checkout (<environments dir>/../.ferry/<env>) is
// moved once to the new default, so history, backups and rollback targets carry over.
import { randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, writeFileAtomic } from '@ferry/shared';
import { ConfigError } from '../errors.js';

/** Entries that make a directory Ferry state (the README left behind after a move is not). */
const STATE_ENTRIES = ['history.jsonl', 'deploy.lock', 'releases', 'reports', 'backups', 'router'];
export const MOVED_NOTE = 'README';

async function stateEntries(dir: string): Promise<string[] | null> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
  return entries && entries.filter((name) => STATE_ENTRIES.includes(name));
}

async function runningRouterPid(oldDir: string): Promise<number | null> {
  const text = await readFile(path.join(oldDir, 'router', 'nginx.pid'), 'utf8').catch(() => null);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 && (await isProcessAlive(pid)) ? pid : null;
}

export type MoveOutcome = { moved: false; reason: 'no old state' | 'new state exists' } | { moved: true };

/**
 * Moves `oldDir` to `newDir` when the old one holds state and the new one holds none; leaves a
 * README where the old one was. A router nginx still running from the old dir reads its config and
 * pid file there: that is refused with the one-time command that stops it (exit 2, nothing moved).
 */
export async function moveLegacyState(oldDir: string, newDir: string, tell: (line: string) => void): Promise<MoveOutcome> {
  const old = await stateEntries(oldDir);
  if (!old || old.length === 0) return { moved: false, reason: 'no old state' };
  const existing = await stateEntries(newDir);
  if (existing && existing.length > 0) {
    tell(`ferry: state found in both ${oldDir} (old default, inside the checkout) and ${newDir}; using ${newDir}. Move or delete the old one by hand once you no longer need it.`);
    return { moved: false, reason: 'new state exists' };
  }
  const pid = await runningRouterPid(oldDir);
  if (pid !== null) {
    throw new ConfigError(
      `the state of this environment moves from ${oldDir} (inside the checkout, which CI cleans) to ${newDir}, but its router nginx (pid ${pid}) still runs from the old dir. ` +
        `Stop it once: kill -QUIT ${pid} — then run the command again (the state is moved; the next deploy or rollback starts the router from ${newDir}; traffic through the router stops in between). ` +
        `Or keep the old place for now: state_dir: <path to ${oldDir}> and state_dir_in_checkout: true. Nothing was changed.`,
    );
  }
  if (existing) await rmdir(newDir); // an empty directory: no state yet
  await mkdir(path.dirname(newDir), { recursive: true, mode: 0o700 });
  await moveDir(oldDir, newDir);
  await chmod(newDir, 0o700);
  await mkdir(oldDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(oldDir, MOVED_NOTE), `Ferry's state for this environment moved to ${newDir} on ${new Date().toISOString()}.\nNothing here is read any more; this directory can be deleted.\n`);
  tell(`ferry: moved this environment's state from ${oldDir} (the old default, inside the checkout) to ${newDir}`);
  return { moved: true };
}

// rename when both are on one filesystem; otherwise a private copy renamed into place, then the old one removed.
async function moveDir(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const staging = `${to}.moving-${randomBytes(6).toString('hex')}`;
  try {
    await cp(from, staging, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true, errorOnExist: true, force: false });
    await rename(staging, to);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rm(from, { recursive: true, force: true });
}
