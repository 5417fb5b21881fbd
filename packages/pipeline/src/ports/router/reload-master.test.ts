import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '@ferry/shared';
import { reloadMaster } from './reload-master.js';

// The signal itself is proven by the router container e2e tests (a real nginx master); here, what it refuses.
describe('reloadMaster signals only a live nginx master', () => {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  afterAll(() => child.kill('SIGKILL'));

  it('a process that is not an nginx master gets no SIGHUP (a sleep would die of it)', async () => {
    expect(await reloadMaster(child.pid!)).toBe(false);
    expect(await isProcessAlive(child.pid!)).toBe(true);
  });

  it('a pid that is gone or was never a process: false, no error', async () => {
    expect(await reloadMaster(2 ** 22 + 1)).toBe(false);
  });
});
