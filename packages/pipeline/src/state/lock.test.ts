import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, forceUnlock, readLock } from './lock.js';
import { appendLedger, parseLedger, readLedger, releasedTags } from './ledger.js';

const tmp = () => mkdtemp(path.join(tmpdir(), 'ferry-lock-'));
// A pid that is certainly dead: a child that has already exited.
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('deploy lock', () => {
  it('one holder at a time; released on release()', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const lock = await acquireLock(file, 'ferry deploy');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'ferry deploy' });
    await expect(acquireLock(file, 'second')).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(/holds the deploy lock: pid \d+/) });
    await lock.release();
    expect(await readLock(file)).toEqual({ state: 'free' });
  });

  it('a holder whose pid is dead on this host is stale and reclaimed', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    const stale = { pid: deadPid(), host: hostname(), command: 'ferry deploy (killed)', startedAt: 'then' };
    await writeFile(file, JSON.stringify(stale));
    expect(await readLock(file)).toEqual({ state: 'stale', holder: stale });
    const lock = await acquireLock(file, 'ferry deploy');
    expect(lock.reclaimed).toEqual(stale);
    await lock.release();
  });

  it('a holder on another host is never presumed dead; unlock clears it', async () => {
    const file = path.join(await tmp(), 'deploy.lock');
    await writeFile(file, JSON.stringify({ pid: deadPid(), host: 'elsewhere', command: 'x', startedAt: 'then' }));
    await expect(acquireLock(file, 'ferry deploy')).rejects.toMatchObject({ exitCode: 4 });
    expect((await forceUnlock(file)).state).toBe('held');
    expect(await readLock(file)).toEqual({ state: 'free' });
  });
});

describe('ledger', () => {
  it('appends JSON lines and skips a torn last line', async () => {
    const file = path.join(await tmp(), 'history.jsonl');
    const base = { env: 'e', action: 'deploy' as const, imageId: null, fromColour: null, toColour: null, previousTag: null, startedAt: '', endedAt: '', reason: null };
    await appendLedger(file, { ...base, id: '1', tag: 'v1', outcome: 'succeeded' });
    await appendLedger(file, { ...base, id: '2', tag: 'v2', outcome: 'rolled_back' });
    await writeFile(file, (await readFile(file, 'utf8')) + '{"id":"3","tag":');
    const entries = await readLedger(file);
    expect(entries.map((e) => e.id)).toEqual(['1', '2']);
    expect(releasedTags(entries)).toEqual(['v1']);
    expect(parseLedger('')).toEqual([]);
  });
});
