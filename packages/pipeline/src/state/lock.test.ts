import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../test/support/temp-dirs.js';
import { exited, holdLockInAnotherProcess } from '../../test/support/lock-holder.js';
import { acquireLock, clearStaleLock, readLock } from './lock.js';
import { MALFORMED } from './lock-description.js';

const tmp = tempDirs('ferry-lock-');
// A pid that is certainly dead: a child that has already exited.
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('deploy lock (an OS lock on an open descriptor)', () => {
  it('one holder at a time; the description names it; released on release()', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const lock = await acquireLock(file, 'ferry deploy');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'ferry deploy' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await expect(acquireLock(file, 'second', 0)).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(/holds the deploy lock: pid \d+ on .*\(ferry deploy\)/) });
    expect(await readLock(file)).toMatchObject({ state: 'held', holder: { pid: process.pid } });
    await lock.release();
    expect(await readLock(file)).toEqual({ state: 'free' });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' }); // deleted while still locked
  });

  it('a command that locked the file a release then deleted starts over on the new file: never two holders', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const first = await acquireLock(file, 'first');
    const waiting = acquireLock(file, 'second', 30); // blocks on the inode the first release deletes
    await new Promise((r) => setTimeout(r, 300));
    await first.release();
    const second = await waiting;
    expect(await readLock(file)).toMatchObject({ state: 'held', holder: { command: 'second' } });
    await expect(acquireLock(file, 'third', 0)).rejects.toMatchObject({ exitCode: 4, message: expect.stringContaining('(second)') });
    await second.release();
  });

  it('another process holding it: exit 4; kill -9 that process and the lock is free at once', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const holder = await holdLockInAnotherProcess(file);
    try {
      await expect(acquireLock(file, 'ferry deploy', 0)).rejects.toMatchObject({ exitCode: 4 });
      expect((await readLock(file)).state).toBe('held');
      expect((await clearStaleLock(file)).state).toBe('held'); // unlock cannot break a live lock
    } finally {
      holder.kill('SIGKILL');
    }
    await exited(holder);
    const lock = await acquireLock(file, 'ferry deploy', 0);
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('a description left by a dead holder is stale and reclaimed', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const stale = { pid: deadPid(), host: hostname(), command: 'ferry deploy (killed)', startedAt: 'then' };
    await writeFile(file, JSON.stringify(stale));
    expect(await readLock(file)).toEqual({ state: 'stale', holder: stale });
    const lock = await acquireLock(file, 'ferry deploy', 0);
    expect(lock.reclaimed).toEqual(stale);
    await lock.release();
  });

  it('a live-looking pid on this host (a reused pid, a container sharing the hostname) but no OS lock is reclaimed', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const alive = spawn('sleep', ['60']);
    try {
      const looksAlive = { pid: alive.pid!, host: hostname(), command: 'ferry deploy', startedAt: 'then' };
      await writeFile(file, JSON.stringify(looksAlive));
      expect(await readLock(file)).toEqual({ state: 'stale', holder: looksAlive });
      const lock = await acquireLock(file, 'ferry deploy', 0);
      expect(lock.reclaimed).toEqual(looksAlive);
      await lock.release();
    } finally {
      alive.kill('SIGKILL');
    }
  });

  it('a description from another host with no OS lock is stale; unlock clears it', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    await writeFile(file, JSON.stringify({ pid: deadPid(), host: 'elsewhere', command: 'x', startedAt: 'then' }));
    expect((await clearStaleLock(file)).state).toBe('stale');
    expect(await readLock(file)).toEqual({ state: 'free' });
  });

  it('a malformed description (null, {}) is a stale lock: reported, reclaimed by the next command, cleared by unlock', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    await writeFile(file, 'null');
    expect(await readLock(file)).toEqual({ state: 'stale', holder: MALFORMED });
    const lock = await acquireLock(file, 'ferry deploy', 0);
    expect(lock.reclaimed).toEqual(MALFORMED);
    await lock.release();
    await writeFile(file, '{}');
    expect(await clearStaleLock(file)).toEqual({ state: 'stale', holder: MALFORMED });
    expect(await readLock(file)).toEqual({ state: 'free' });
  });

  it('locks when Ferry runs with a PATH without flock (cron, PATH=/nonexistent): flock is found in the system directories', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const lock = await acquireLock(file, 'ferry deploy', 0);
      expect(await readLock(file)).toMatchObject({ state: 'held', holder: { pid: process.pid } });
      await lock.release();
    } finally {
      process.env.PATH = saved;
    }
  });

  it('a symlink planted as the lock file is refused, not followed', async () => {
    const dir = await tmp();
    const target = path.join(dir, 'elsewhere');
    await writeFile(target, 'precious');
    await symlink(target, path.join(dir, 'deploy.lock'));
    await expect(acquireLock(path.join(dir, 'deploy.lock'), 'ferry deploy', 0)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/deploy\.lock is a symbolic link/) });
    expect(await readFile(target, 'utf8')).toBe('precious');
  });

  it('a release that cannot complete is reported, not ignored', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const lock = await acquireLock(file, 'ferry deploy');
    await rename(file, `${file}.moved`);
    await mkdir(path.join(file, 'occupied'), { recursive: true }); // the path is now a directory: unlink fails
    await expect(lock.release()).rejects.toThrow(`released the deploy lock ${file} but could not delete it`);
  });
});
