import { describe, expect, it } from 'vitest';
import { OldWorkers, workersToQuit, type NginxProcess } from './old-workers.js';

const worker = (pid: number, shuttingDown = false): NginxProcess => ({ pid, args: shuttingDown ? 'nginx: worker process is shutting down' : 'nginx: worker process' });
const master = (pid: number): NginxProcess => ({ pid, args: 'nginx: master process /usr/sbin/nginx -g daemon off;' });

describe('workersToQuit', () => {
  it('the old workers still accepting, once as many new workers have their title (ready to accept)', () => {
    expect(workersToQuit([10, 11], [master(1), worker(10), worker(11), worker(20), worker(21)])).toEqual([10, 11]);
    expect(workersToQuit([10, 11], [master(1), worker(10, true), worker(11), worker(20)])).toEqual([11]);
  });

  it('none while the new workers are not all up: forked but still titled as the master, or fewer', () => {
    expect(workersToQuit([10, 11], [master(1), worker(10), worker(11)])).toEqual([]);
    expect(workersToQuit([10, 11], [master(1), worker(10), worker(11), worker(20), master(21)])).toEqual([]);
    expect(workersToQuit([10, 11, 12], [worker(10), worker(11), worker(12, true), worker(20), worker(30, true)])).toEqual([]);
  });

  it('none when no old worker accepts any more', () => {
    expect(workersToQuit([10], [worker(10, true), worker(20)])).toEqual([]);
    expect(workersToQuit([], [worker(20)])).toEqual([]);
  });
});

describe('OldWorkers', () => {
  it('a switch is confirmed only once every pre-reload worker is gone or shutting down', async () => {
    let listing = [worker(10), worker(11)];
    const old = new OldWorkers(async () => listing);
    old.record([10, 11], listing);
    listing = [worker(10), worker(11), worker(20), worker(21)];
    expect(await old.stoppedAccepting()).toBe(false);
    listing = [worker(10, true), worker(20), worker(21)];
    expect(await old.stoppedAccepting()).toBe(true);
  });

  it('quits the old workers itself once the new ones are up, and not before', async () => {
    let listing = [master(1), worker(10)];
    const quit: number[][] = [];
    const old = new OldWorkers(async () => listing, async (pids, seen) => {
      quit.push(pids);
      expect(seen).toBe(listing);
    });
    old.record([10], listing);
    expect(await old.stoppedAccepting()).toBe(false);
    expect(quit).toEqual([]);
    listing = [master(1), worker(10), worker(20)];
    expect(await old.stoppedAccepting()).toBe(false); // signalled now; stopped only once its title says so
    expect(quit).toEqual([[10]]);
    listing = [master(1), worker(10, true), worker(20)];
    expect(await old.stoppedAccepting()).toBe(true);
    expect(quit).toEqual([[10]]);
  });

  it('drains until no old or shutting-down worker is left, then forgets them', async () => {
    let listing = [worker(10), worker(20)];
    const old = new OldWorkers(async () => listing);
    old.record([10], listing);
    expect(await old.draining()).toEqual([10]);
    listing = [worker(20), worker(30, true)];
    expect(await old.draining()).toEqual([30]);
    listing = [worker(20)];
    expect(await old.waitForDrain({ timeoutMs: 1000 })).toMatchObject({ drained: true });
    expect(await old.draining()).toEqual([]);
  });

  it('keeps earlier old workers that are still alive and drops the dead ones at the next reload', async () => {
    const listing = [worker(10, true), worker(20)];
    const old = new OldWorkers(async () => listing);
    old.record([10, 11], [worker(10), worker(11)]);
    old.record([20], listing); // 11 died before the second reload
    expect(await old.draining()).toEqual([10, 20]);
  });
});
