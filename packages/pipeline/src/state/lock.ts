import { hostname } from 'node:os';
import { mkdir, open, readFile, rename, unlink, link } from 'node:fs/promises';
import path from 'node:path';
import { LockHeldError } from '../errors.js';
import { isProcessAlive } from './process-alive.js';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export type LockStatus =
  | { state: 'free' }
  | { state: 'held'; holder: LockHolder }
  | { state: 'stale'; holder: LockHolder }; // holder's pid is dead on this host

export function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host} since ${h.startedAt} (${h.command})`;
}

export async function readLock(lockFile: string): Promise<LockStatus> {
  let text: string;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'free' };
    throw error;
  }
  const holder = parseHolder(text);
  const stale = holder.host === hostname() && !isProcessAlive(holder.pid);
  return { state: stale ? 'stale' : 'held', holder };
}

function parseHolder(text: string): LockHolder {
  try {
    return JSON.parse(text) as LockHolder;
  } catch {
    // A torn write (crash mid-create) holds nothing: treat it as a dead holder.
    return { pid: -1, host: hostname(), command: 'unreadable lock file', startedAt: 'unknown' };
  }
}

export interface AcquiredLock {
  holder: LockHolder;
  reclaimed?: LockHolder; // the stale holder this lock replaced
  release(): Promise<void>;
}

/** Take the environment's deploy lock, reclaiming it from a holder whose pid is dead on this host. */
export async function acquireLock(lockFile: string, command: string): Promise<AcquiredLock> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  let reclaimed: LockHolder | undefined;
  if (!(await tryCreate(lockFile, holder))) {
    const status = await readLock(lockFile);
    if (status.state === 'held') {
      throw new LockHeldError(
        `another ferry command holds the deploy lock: ${describeHolder(status.holder)}. Wait for it to finish; if it is gone, run \`ferry unlock --env <env>\`.`,
      );
    }
    if (status.state === 'stale') {
      await discardStale(lockFile, status.holder);
      reclaimed = status.holder;
    }
    if (!(await tryCreate(lockFile, holder))) {
      const now = await readLock(lockFile);
      const who = now.state === 'free' ? 'another process' : describeHolder(now.holder);
      throw new LockHeldError(`another ferry command took the deploy lock first: ${who}.`);
    }
  }
  return {
    holder,
    reclaimed,
    release: async () => {
      const current = await readLock(lockFile);
      if (current.state !== 'free' && current.holder.pid === holder.pid && current.holder.startedAt === holder.startedAt) {
        await unlink(lockFile).catch(() => undefined);
      }
    },
  };
}

async function tryCreate(lockFile: string, holder: LockHolder): Promise<boolean> {
  // Write to a private file, then hard-link: the lock appears complete or not at all.
  const tmp = `${lockFile}.${process.pid}.${Date.now()}`;
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(JSON.stringify(holder) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

// Move the stale lock aside; if what we moved is not the stale one, another process won: put it back.
async function discardStale(lockFile: string, stale: LockHolder): Promise<void> {
  const aside = `${lockFile}.stale.${process.pid}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = parseHolder(await readFile(aside, 'utf8'));
  if (moved.pid !== stale.pid || moved.startedAt !== stale.startedAt) {
    await link(aside, lockFile).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

/** `ferry unlock`: remove the lock file whatever holds it. */
export async function forceUnlock(lockFile: string): Promise<LockStatus> {
  const status = await readLock(lockFile);
  if (status.state !== 'free') await unlink(lockFile).catch(() => undefined);
  return status;
}
