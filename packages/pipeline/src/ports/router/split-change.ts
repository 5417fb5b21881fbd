// One split change, whichever router: applied (0 and 100 % by a switch to one colour), counted through the router,
// and on a count that does not confirm it, the previous config put back before the error.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Agent } from 'node:http';
import { FerryError } from '../../errors.js';
import { pollUntil } from './poll.js';
import { assertSplit } from './container-split.js';
import { countAnswers, DEFAULT_SPLIT_PROBES, PROBE_CONCURRENCY, SPLIT_PROBE_TIMEOUT_MS, describeObservation, observeSplit, splitRefutation, SplitUnconfirmedError } from './split-share.js';
import { SwitchUnconfirmedError } from './confirm.js';
import type { LiveProbe, RouterTarget, Split, SplitObservation, SplitOptions, SplitResult, SwitchOptions, SwitchResult } from './types.js';

/** What a router lends a split change. */
export interface SplitOps {
  /** Refused (nothing changed) when a colour the split sends requests to does not run. */
  assertRuns(targets: RouterTarget[]): Promise<void>;
  switchTo(target: RouterTarget, opts: SwitchOptions): Promise<SwitchResult>;
  /** Written, tested, reloaded. */
  applySplit(split: Split, beforeChange: (previousText: string | null) => void): Promise<{ appliedAt: number; testedAhead?: boolean }>;
  oldWorkersStoppedAccepting(): Promise<boolean>;
  /** Probes through the router for one count, and the end of their connections. */
  probeSession(): ProbeSession;
  restoreUpstream(text: string): Promise<void>;
  where: string; // e.g. "router container demo-staging-router on 127.0.0.1:8080"
}

const DEFAULT_TIMEOUT_MS = 5000;

export async function changeSplit(ops: SplitOps, split: Split, opts: SplitOptions = {}): Promise<SplitResult> {
  assertSplit(split);
  await ops.assertRuns(split.canaryPercent === 0 ? [split.stable] : split.canaryPercent === 100 ? [split.canary] : [split.stable, split.canary]);
  let previousText = null as string | null; // set by beforeChange (a cast: narrowing does not see the callback)
  const beforeChange = (text: string | null) => {
    previousText = text;
    opts.beforeChange?.(text);
  };
  const timeoutMs = opts.confirmTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  let appliedAt: number;
  let effectiveAt: number;
  let testedAhead: boolean | undefined;
  let applied = false; // from here on the router holds the new config: an unconfirmed change is undone
  let observed: SplitObservation | null = null;
  try {
    if (split.canaryPercent === 0 || split.canaryPercent === 100) {
      // no split: one colour serves alone, the same end state as a switch to it (its own confirmation first)
      const target = split.canaryPercent === 100 ? split.canary : split.stable;
      ({ appliedAt } = await ops.switchTo(target, { signal: opts.signal, confirmTimeoutMs: timeoutMs, beforeChange }).catch((error: Error) => {
        applied = error instanceof SwitchUnconfirmedError;
        throw error;
      }));
      applied = true;
      effectiveAt = appliedAt;
    } else {
      ({ appliedAt, testedAhead } = await ops.applySplit(split, beforeChange));
      applied = true;
      // counted only once every worker accepting connections has loaded the split
      if (!(await pollUntil(() => ops.oldWorkersStoppedAccepting(), timeoutMs, opts.signal, 5))) throw new FerryError(`the workers serving before the reload were still accepting after ${timeoutMs}ms`);
      // until now the workers serving the previous weights still took some new connections
      effectiveAt = Date.now();
    }
    const session = ops.probeSession();
    const answers = await countAnswers(session.probe, opts.confirmProbes ?? DEFAULT_SPLIT_PROBES, opts.signal).finally(session.close);
    observed = observeSplit(split, answers);
    const refuted = opts.signal?.aborted ? 'cancelled' : splitRefutation(observed);
    if (refuted) throw new FerryError(`${refuted}: ${describeObservation(observed)}`);
    return { split, appliedAt, effectiveAt, confirmedAt: Date.now(), observed, ...(testedAhead !== undefined && { testedAhead }) };
  } catch (error) {
    // not applied: nothing changed, or a reload nginx refused and the old files went back at once
    if (!applied || previousText === null) throw error;
    const what = `${ops.where}: the split ${describeSplit(split)} was not confirmed (${(error as Error).message})`;
    try {
      await ops.restoreUpstream(previousText!);
    } catch (restoreError) {
      throw new SplitUnconfirmedError(`${what}, and putting the previous config back failed: ${(restoreError as Error).message}`, previousText, observed);
    }
    throw new SplitUnconfirmedError(`${what}; the previous config was put back`, previousText, observed);
  }
}

export interface ProbeSession {
  probe(signal?: AbortSignal): Promise<LiveProbe | null>;
  close(): void;
}

/**
 * Probes on connections kept open, opened once every worker accepting has loaded the change: a count of 200 takes
 * about half the time of 200 fresh connections here (the abort's 0 % is confirmed sooner), and each connection
 * stays with one worker, whose round robin it then samples.
 */
export function keptOpenProbes(tls: boolean, probe: (signal: AbortSignal | undefined, agent: Agent, timeoutMs: number) => Promise<LiveProbe | null>): ProbeSession {
  const agent = new (tls ? HttpsAgent : HttpAgent)({ keepAlive: true, maxSockets: PROBE_CONCURRENCY });
  return { probe: (signal) => probe(signal, agent, SPLIT_PROBE_TIMEOUT_MS), close: () => agent.destroy() };
}

/** e.g. "blue v1 90 % · green v2 10 %" (`ferry status`, reports). */
export function describeSplit(split: Split): string {
  return `${split.stable.colour} ${split.stable.version} ${100 - split.canaryPercent} % · ${split.canary.colour} ${split.canary.version} ${split.canaryPercent} %`;
}
