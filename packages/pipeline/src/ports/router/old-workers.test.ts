import { describe, expect, it } from 'vitest';
import { OldWorkers, type NginxProcess } from './old-workers.js';

const worker = (pid: number, shuttingDown = false): NginxProcess => ({ pid, args: shuttingDown ? 'nginx: worker process is shutting down' : 'nginx: worker process' });

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
