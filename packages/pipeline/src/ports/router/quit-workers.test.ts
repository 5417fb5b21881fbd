import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '@ferry/shared';
import { quitWorkersOf, reloadMaster } from './quit-workers.js';

// The signal itself is proven by the router e2e tests (real nginx masters and workers); here, what it refuses.
describe('quitWorkersOf signals only serving workers of a live nginx master', () => {
  const children = [spawn('sleep', ['60'], { stdio: 'ignore' }), spawn('sleep', ['60'], { stdio: 'ignore' })];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('a parent that is not an nginx master: nothing signalled, its children live on', async () => {
    const [a, b] = children.map((c) => c.pid!);
    expect(await quitWorkersOf(process.pid, [a!, b!])).toEqual([]);
    expect(await isProcessAlive(a!)).toBe(true);
  });

  it('reloadMaster: a process that is not an nginx master gets no SIGHUP (a sleep would die of it)', async () => {
    const [a] = children.map((c) => c.pid!);
    expect(await reloadMaster(a!)).toBe(false);
    expect(await reloadMaster(2 ** 22 + 1)).toBe(false);
    expect(await isProcessAlive(a!)).toBe(true);
  });

  it('a pid that is gone or was never a process: nothing signalled, no error', async () => {
    expect(await quitWorkersOf(2 ** 22 + 1, [2 ** 22 + 2])).toEqual([]);
  });
});
