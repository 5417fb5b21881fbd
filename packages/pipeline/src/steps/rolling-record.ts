// What a rolling update did, batch by batch, as data for the report: rolling.ts says when, this keeps the record.
import type { Colour } from '../config/types.js';
import type { SplitResult, SwitchResult } from '../ports/router/types.js';
import { rollingPercent } from '../planning/rolling-plan.js';
import type { ReportRolling } from '../state/report-types.js';

/** A share as the report and the progress line show it. */
export type RollingShare = ReportRolling['batches'][number]['shares'][number];

/** Where a batch is: what a failure there was doing. */
export type RollingPhase = 'start' | 'gate' | 'share' | 'drain' | 'stop';

/** One change of the shares, confirmed through the router: a split counted by its probes, or the new colour alone by a switch. */
export interface RollingShareRecord {
  percent: number; // the new colour's share asked for
  newReplicas: number;
  oldReplicas: number;
  observed: { blue: number; green: number; unanswered: number; routerErrors: number; probes: number } | null; // null: a switch (one colour alone)
  askedAt: number; // epoch ms
  confirmedAt: number;
}

export interface RollingBatchRecord {
  batch: number; // 1-based
  started: number[]; // replicas (1-based) of the new colour started
  gate?: { passed: boolean; attempts: number | null; ms: number };
  shares: RollingShareRecord[];
  retired: number[]; // replicas of the old colour taken out of the upstream
  drainMs?: number;
  stopped: number[]; // of those, stopped
}

export interface RollingRun {
  colours: { old: Colour; new: Colour };
  replicas: number;
  batchSize: number;
  plannedBatches: number;
  batches: RollingBatchRecord[];
  phase: RollingPhase;
  phaseAt: number; // epoch ms: the phase began
  done?: boolean; // every batch replaced, the new colour serves alone
  failure?: { batch: number; phase: RollingPhase; reason: string };
  undo?: { restarted: number[]; removed: number[]; routerRestored: boolean };
}

/** Keeps ctx.rolling as the step goes; each method is one thing rolling.ts did. */
export class RollingRecord {
  constructor(
    readonly run: RollingRun,
    private readonly now: () => number = Date.now,
    private readonly onShare: (batch: number, share: RollingShare) => void = () => undefined,
  ) {}

  private get current(): RollingBatchRecord {
    return this.run.batches.at(-1)!;
  }

  private enter(phase: RollingPhase): number {
    this.run.phase = phase;
    return (this.run.phaseAt = this.now());
  }

  batch(batch: number): void {
    this.run.batches.push({ batch, started: [], shares: [], retired: [], stopped: [] });
    this.enter('start');
  }

  started(index: number): void {
    this.current.started.push(index);
  }

  gating(): void {
    this.enter('gate');
  }

  gated(gate: { attempts: number; ms: number }): void {
    this.current.gate = { passed: true, attempts: gate.attempts, ms: gate.ms };
  }

  /** A share is asked for: returns when. */
  sharing(): number {
    return this.enter('share');
  }

  shared(newReplicas: number, oldReplicas: number, askedAt: number, result: SplitResult | SwitchResult): void {
    const observed = 'observed' in result ? result.observed : null;
    const share: RollingShareRecord = {
      percent: oldReplicas === 0 ? 100 : rollingPercent(newReplicas, oldReplicas),
      newReplicas,
      oldReplicas,
      observed: observed && { blue: observed.answered.blue, green: observed.answered.green, unanswered: observed.unanswered, routerErrors: observed.routerErrors, probes: observed.probes },
      askedAt,
      confirmedAt: result.confirmedAt,
    };
    this.current.shares.push(share);
    this.onShare(this.current.batch, reportShare(share));
  }

  retiring(indexes: number[]): void {
    this.current.retired.push(...indexes);
    this.enter('drain');
  }

  drained(waitedMs: number): void {
    this.current.drainMs = waitedMs;
    this.enter('stop');
  }

  stopped(indexes: number[]): void {
    this.current.stopped.push(...indexes);
  }

  finished(): void {
    this.run.done = true;
  }

  /** The step failed: in which batch, doing what, why (its first line); a gate that failed, with how long it waited. */
  failed(error: unknown, cancelled: boolean): void {
    if (this.run.failure || this.run.batches.length === 0) return;
    const { batch } = this.current;
    if (this.run.phase === 'gate' && !this.current.gate) this.current.gate = { passed: false, attempts: null, ms: this.now() - this.run.phaseAt };
    const reason = cancelled ? 'cancelled' : (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    this.run.failure = { batch, phase: this.run.phase, reason };
  }

  /** The undo ran to its end: every old replica it stopped started again, every new one removed. */
  undone(routerRestored: boolean): void {
    const all = (pick: (b: RollingBatchRecord) => number[]) => this.run.batches.flatMap(pick);
    this.run.undo = { restarted: all((b) => b.stopped), removed: all((b) => b.started), routerRestored };
  }
}

/** A share as the report keeps it: how long its confirmation took rather than when. */
export function reportShare({ askedAt, confirmedAt, ...share }: RollingShareRecord): RollingShare {
  return { ...share, confirmMs: confirmedAt - askedAt };
}

/** Starts ctx's record of a rolling update; `onShare` hears each share once confirmed (a progress line). */
export function recordRolling(
  ctx: { rolling?: RollingRun },
  start: Omit<RollingRun, 'batches' | 'phase' | 'phaseAt'>,
  { now = Date.now, onShare }: { now?: () => number; onShare?: (batch: number, share: RollingShare) => void } = {},
): RollingRecord {
  ctx.rolling = { ...start, batches: [], phase: 'start', phaseAt: now() };
  return new RollingRecord(ctx.rolling, now, onShare);
}

/** `work`, with its failure recorded in ctx's rolling record (if one began) before it goes on up. */
export async function recordingFailure(ctx: { rolling?: RollingRun; signal: AbortSignal }, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (ctx.rolling) new RollingRecord(ctx.rolling).failed(error, ctx.signal.aborted);
    throw error;
  }
}
