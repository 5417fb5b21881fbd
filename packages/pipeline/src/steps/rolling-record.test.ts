import { describe, expect, it } from 'vitest';
import type { SplitResult, SwitchResult } from '../ports/router/types.js';
import { recordingFailure, recordRolling, type RollingRun } from './rolling-record.js';

const target = (colour: 'blue' | 'green', version: string) => ({ colour, port: 0, version });
const split = (canaryPercent: number, blue: number, green: number, confirmedAt: number): SplitResult => ({
  split: { stable: target('blue', 'v1'), canary: target('green', 'v2'), canaryPercent },
  appliedAt: confirmedAt - 1,
  confirmedAt,
  observed: { probes: blue + green + 1, counted: blue + green, answered: { blue, green }, unanswered: 1, routerErrors: 0, canaryShare: green / (blue + green), expectedShare: canaryPercent / 100, tolerance: 0.1 },
});
const switched = (confirmedAt: number): SwitchResult => ({ previous: null, appliedAt: confirmedAt - 1, confirmedAt });
const start = { colours: { old: 'blue', new: 'green' }, replicas: 2, batchSize: 1, plannedBatches: 2 } as const;

/** A clock that reads each of `times` in turn. */
const clock = (...times: number[]) => () => times.shift()!;

describe('RollingRecord', () => {
  it('keeps each batch as rolling.ts goes: started, gate, every confirmed share with its probes, taken out, drained, stopped', () => {
    const ctx: { rolling?: RollingRun } = {};
    const heard: [number, number, number][] = [];
    const rec = recordRolling(ctx, start, { now: clock(0, 10, 20, 100, 300, 400, 1500, 1600, 1700, 2300), onShare: (batch, share) => heard.push([batch, share.percent, share.confirmMs]) });
    rec.batch(1);
    rec.started(1);
    rec.gating();
    rec.gated({ attempts: 2, ms: 80 });
    const first = rec.sharing();
    rec.shared(1, 2, first, split(33, 134, 66, 250));
    const second = rec.sharing();
    rec.shared(1, 1, second, split(50, 100, 100, 380));
    rec.retiring([1]);
    rec.drained(1000);
    rec.stopped([1]);
    rec.batch(2);
    rec.started(2);
    rec.gating();
    rec.gated({ attempts: 1, ms: 60 });
    const last = rec.sharing();
    rec.shared(2, 0, last, switched(2450));
    rec.finished();
    expect(ctx.rolling).toEqual({
      ...start,
      phase: 'share',
      phaseAt: 2300,
      done: true,
      batches: [
        {
          batch: 1,
          started: [1],
          gate: { passed: true, attempts: 2, ms: 80 },
          shares: [
            { percent: 33, newReplicas: 1, oldReplicas: 2, observed: { blue: 134, green: 66, unanswered: 1, routerErrors: 0, probes: 201 }, askedAt: 100, confirmedAt: 250 },
            { percent: 50, newReplicas: 1, oldReplicas: 1, observed: { blue: 100, green: 100, unanswered: 1, routerErrors: 0, probes: 201 }, askedAt: 300, confirmedAt: 380 },
          ],
          retired: [1],
          drainMs: 1000,
          stopped: [1],
        },
        { batch: 2, started: [2], gate: { passed: true, attempts: 1, ms: 60 }, shares: [{ percent: 100, newReplicas: 2, oldReplicas: 0, observed: null, askedAt: 2300, confirmedAt: 2450 }], retired: [], stopped: [] },
      ],
    });
    // each share heard once confirmed, with its batch and how long its confirmation took
    expect(heard).toEqual([[1, 33, 150], [1, 50, 80], [2, 100, 150]]);
  });

  it('a gate that fails: the batch, the phase, how long the gate waited, the first line of why; the undo restarts what was stopped and removes what was started', async () => {
    const ctx: { rolling?: RollingRun; signal: AbortSignal } = { signal: new AbortController().signal };
    const rec = recordRolling(ctx, start, { now: clock(0, 5, 10) });
    const failing = recordingFailure(ctx, async () => {
      rec.batch(1);
      rec.started(1);
      rec.gating();
      throw new Error('v2 on green did not become healthy within 15000 ms: HTTP 500\nlast log lines:\nboom');
    });
    await expect(failing).rejects.toThrow('did not become healthy');
    rec.undone(false);
    expect(ctx.rolling!.failure).toEqual({ batch: 1, phase: 'gate', reason: 'v2 on green did not become healthy within 15000 ms: HTTP 500' });
    expect(ctx.rolling!.batches[0]!.gate).toMatchObject({ passed: false, attempts: null });
    expect(ctx.rolling!.undo).toEqual({ restarted: [], removed: [1], routerRestored: false });
  });

  it('a cancelled run is recorded as cancelled, whatever the error says; a failure before any batch records none', async () => {
    const controller = new AbortController();
    const ctx: { rolling?: RollingRun; signal: AbortSignal } = { signal: controller.signal };
    await expect(recordingFailure(ctx, async () => Promise.reject(new Error('router down')))).rejects.toThrow('router down');
    expect(ctx.rolling).toBeUndefined();
    const rec = recordRolling(ctx, start);
    rec.batch(1);
    rec.started(1);
    rec.gating();
    rec.gated({ attempts: 1, ms: 5 });
    rec.sharing();
    controller.abort();
    await expect(recordingFailure(ctx, async () => Promise.reject(new Error('The operation was aborted')))).rejects.toThrow();
    expect(ctx.rolling!.failure).toEqual({ batch: 1, phase: 'share', reason: 'cancelled' });
  });
});
