// The deploy lock is an OS lock (flock) on deploy.lock, held on an open descriptor for the life of
// the command: the kernel alone decides whether the holder lives, so neither a hostname shared by
// two containers nor a reused pid can fool it, and a killed holder's lock is free at once. The
// file's content only describes the holder (pid, host, command, start) for messages. A clean
// release deletes the file while still holding the lock; whoever locked it meanwhile finds the
// path gone or replaced (another inode) and starts over, so two commands never hold two inodes.
import { constants } from 'node:fs';
import { lstat, mkdir, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { LockHeldError } from '../errors.js';
import { describeHolder, parseHolder, UNDESCRIBED, type LockHolder } from './lock-description.js';
import { openNoFollow } from './no-follow.js';
import { flockDescriptor } from './os-lock.js';

export type LockStatus =
  | { state: 'free' }
  | { state: 'held'; holder: LockHolder } // a live process holds the OS lock
  | { state: 'stale'; holder: LockHolder }; // a description left by a holder that died: nothing holds the lock

/** How long a command waits for the lock: long enough to ride out a `ferry status` probe, short for a real holder. */
export const LOCK_WAIT_SECONDS = 3;

export { describeHolder, describeStale, type LockHolder } from './lock-description.js';

async function openLockFile(lockFile: string, create: boolean): Promise<FileHandle | null> {
  try {
    return await openNoFollow(lockFile, create ? constants.O_RDWR | constants.O_CREAT : constants.O_RDONLY);
  } catch (error) {
    if (!create && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Read from offset 0 whatever the descriptor's position (it is read more than once). */
async function readDescription(handle: FileHandle): Promise<LockHolder | null> {
  const { size } = await handle.stat();
  const buffer = Buffer.alloc(size);
  const { bytesRead } = await handle.read(buffer, 0, size, 0);
  return parseHolder(buffer.subarray(0, bytesRead).toString('utf8'));
}

/** Who holds the lock, probed with a shared lock that is dropped at once. */
export async function readLock(lockFile: string): Promise<LockStatus> {
  const handle = await openLockFile(lockFile, false);
  if (!handle) return { state: 'free' };
  try {
    const free = await flockDescriptor(handle, 'shared', 0);
    const holder = await readDescription(handle);
    if (!free) return { state: 'held', holder: holder ?? UNDESCRIBED };
    return holder ? { state: 'stale', holder } : { state: 'free' };
  } finally {
    await handle.close();
  }
}

export interface AcquiredLock {
  holder: LockHolder;
  reclaimed?: LockHolder; // the description a dead holder left behind
  /** Clears the description and closes the descriptor; throws (naming the file) when that fails. */
  release(): Promise<void>;
}

/** Take the environment's deploy lock; exit 4 (LockHeldError) while a live command holds it. */
export async function acquireLock(lockFile: string, command: string, waitSeconds = LOCK_WAIT_SECONDS): Promise<AcquiredLock> {
  await mkdir(path.dirname(lockFile), { recursive: true, mode: 0o700 });
  const handle = await lockCurrentFile(lockFile, 'exclusive', waitSeconds);
  if (!handle.locked) {
    const holder = (await readDescription(handle.handle).finally(() => handle.handle.close())) ?? UNDESCRIBED;
    throw new LockHeldError(
      `another ferry command holds the deploy lock: ${describeHolder(holder)}. Wait for it to finish; the lock is released the moment it exits, even if it is killed.`,
    );
  }
  return describeAndKeep(lockFile, handle.handle, command);
}

/** Opens and flocks the file, starting over while the path no longer names the inode locked (a release deleted it). */
async function lockCurrentFile(lockFile: string, mode: 'exclusive' | 'shared', waitSeconds: number): Promise<{ handle: FileHandle; locked: boolean }> {
  for (;;) {
    const handle = (await openLockFile(lockFile, true))!;
    try {
      const locked = await flockDescriptor(handle, mode, waitSeconds);
      if (!locked || (await namesInode(lockFile, handle))) return { handle, locked };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    await handle.close();
  }
}

async function namesInode(file: string, handle: FileHandle): Promise<boolean> {
  const [open, current] = await Promise.all([handle.stat(), lstat(file).catch(() => null)]);
  return current !== null && current.ino === open.ino && current.dev === open.dev;
}

async function describeAndKeep(lockFile: string, handle: FileHandle, command: string): Promise<AcquiredLock> {
  try {
    const reclaimed = (await readDescription(handle)) ?? undefined;
    const holder: LockHolder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
    await writeDescription(handle, JSON.stringify(holder) + '\n');
    return { holder, ...(reclaimed && { reclaimed }), release: () => release(lockFile, handle) };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

async function writeDescription(handle: FileHandle, text: string): Promise<void> {
  await handle.truncate(0);
  if (text) await handle.write(text, 0);
  await handle.sync();
}

async function release(lockFile: string, handle: FileHandle): Promise<void> {
  let cleared: unknown = null;
  try {
    // Deleted while still locked: nothing is left to reclaim (purge may have deleted it already).
    await unlink(lockFile).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  } catch (error) {
    cleared = error;
  }
  try {
    await handle.close(); // closing the last descriptor drops the OS lock
  } catch (error) {
    throw new Error(`could not release the deploy lock ${lockFile}: ${(error as Error).message}; it is released when this process exits`);
  }
  if (cleared) {
    throw new Error(`released the deploy lock ${lockFile} but could not delete it (${(cleared as Error).message}); the next command reports its holder description as stale and reclaims it`);
  }
}

/**
 * `ferry unlock`: a live holder's OS lock cannot be broken (it ends when that command exits); what
 * is left to clear is the description a dead holder left behind.
 */
export async function clearStaleLock(lockFile: string): Promise<LockStatus> {
  const exists = await openLockFile(lockFile, false);
  if (!exists) return { state: 'free' };
  await exists.close();
  const { handle, locked } = await lockCurrentFile(lockFile, 'exclusive', 0);
  try {
    const holder = await readDescription(handle);
    if (!locked) return { state: 'held', holder: holder ?? UNDESCRIBED };
    await unlink(lockFile);
    return holder ? { state: 'stale', holder } : { state: 'free' };
  } finally {
    await handle.close();
  }
}
