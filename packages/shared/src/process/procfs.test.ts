import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { childPids, isProcessAlive, readProcStat } from './procfs.js';

// A parent that never reaps: `exec sleep` replaces the shell, so the short sleep it started
// in the background stays a zombie (state Z) for as long as the long sleep runs.
async function familyWithZombie(): Promise<{ parent: ChildProcess; live: number; zombie: number }> {
  const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; sleep 0.1 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pids = await new Promise<number[]>((resolve) => {
    let text = '';
    parent.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split('\n').filter(Boolean);
      if (lines.length === 2) resolve(lines.map(Number));
    });
  });
  const [live, zombie] = pids as [number, number];
  // Wait for the short sleep to end; bounded so a broken setup fails instead of hanging.
  for (let i = 0; i < 600 && (await readProcStat(zombie))?.state !== 'Z'; i++) await new Promise((r) => setTimeout(r, 50));
  return { parent, live, zombie };
}

describe('isProcessAlive: one liveness check for the lock and the router', () => {
  const cleanup: Array<() => void> = [];
  afterAll(() => cleanup.forEach((fn) => fn()));

  it('a zombie is dead, though kill(pid, 0) still succeeds on it; its live sibling is alive', async () => {
    const { parent, live, zombie } = await familyWithZombie();
    cleanup.push(() => {
      process.kill(live, 'SIGKILL');
      parent.kill('SIGKILL');
    });
    expect((await readProcStat(zombie))?.state).toBe('Z');
    expect(() => process.kill(zombie, 0)).not.toThrow(); // what the old lock check trusted
    expect(await isProcessAlive(zombie)).toBe(false);
    expect(await isProcessAlive(live)).toBe(true);
    expect(await isProcessAlive(parent.pid!)).toBe(true);
    expect(await childPids(parent.pid!)).toEqual([live]);
  });

  it('children of a threaded parent (this node process: the kernel lists per thread) are found too', async () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    cleanup.push(() => child.kill('SIGKILL'));
    expect(await childPids(process.pid)).toContain(child.pid);
  });

  it('this process is alive; an exited and reaped child, and impossible pids, are not', async () => {
    expect(await isProcessAlive(process.pid)).toBe(true);
    expect(await isProcessAlive(spawnSync(process.execPath, ['-e', '0']).pid!)).toBe(false);
    for (const pid of [0, -1, 1.5, Number.NaN]) expect(await isProcessAlive(pid)).toBe(false);
  });
});
