import { FerryError } from '../../errors.js';
import { tryParseUpstreamConf } from './nginx-config.js';
import { pollUntil } from './poll.js';
import { describeProbe, describeTarget, servesTarget } from './switch-confirmation.js';
import type { LiveProbe, RouterTarget, SwitchResult } from './types.js';

/** The reload happened but no probe proved the target serves; `previousText` lets the caller restore. */
export class SwitchUnconfirmedError extends FerryError {
  constructor(
    message: string,
    readonly previousText: string | null,
  ) {
    super(message);
  }
}

export interface ConfirmRequest {
  target: RouterTarget | null;
  probe: (signal?: AbortSignal) => Promise<LiveProbe | null>;
  // until the pre-reload workers stop accepting, one good probe may have hit a new worker by chance
  oldWorkersStoppedAccepting: () => Promise<boolean>;
  timeoutMs: number;
  signal?: AbortSignal;
  where: string; // e.g. "router on 127.0.0.1:8080"
  seeAlso: string; // where its errors are, e.g. the error log's path
}

// A reload is visible within milliseconds; a 50ms poll would make every switch wait most of a period.
// Each check is one loopback request and a look at the old workers, cheap enough for a short loop.
const CONFIRM_POLL_MS = 5;

/** A reload's exit code proves nothing: probe until the router answers from the target; returns when (epoch ms). */
export async function confirmSwitch(req: ConfirmRequest): Promise<number> {
  let last: LiveProbe | null = null;
  // both looks at once: each is a round trip (a request, a process listing), and a loop turn is time a switch waits
  const confirmed = await pollUntil(
    async () => {
      const [probe, stopped] = await Promise.all([req.probe(req.signal), req.oldWorkersStoppedAccepting()]);
      last = probe;
      return servesTarget(probe, req.target) && stopped;
    },
    req.timeoutMs,
    req.signal,
    CONFIRM_POLL_MS,
  );
  if (!confirmed && req.signal?.aborted) {
    throw new FerryError(`cancelled while confirming the router switch to ${describeTarget(req.target)}`);
  }
  if (!confirmed) {
    throw new FerryError(
      `${req.where} was switched to ${describeTarget(req.target)} but did not confirm it within ${req.timeoutMs}ms (last probe: ${describeProbe(last)}); see ${req.seeAlso}`,
    );
  }
  return Date.now();
}

/** Polls until no worker is draining (or the timeout); the caller forgets its old workers when drained. */
export async function waitUntilDrained(
  draining: () => Promise<number[]>,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<{ drained: boolean; waitedMs: number }> {
  const started = Date.now();
  const drained = await pollUntil(async () => (await draining()).length === 0, opts.timeoutMs, opts.signal);
  return { drained, waitedMs: Date.now() - started };
}

/** A switch: apply the new upstream (written, tested, reloaded), then prove it through the router; unproven → SwitchUnconfirmedError. */
export async function applyThenConfirm(
  apply: () => Promise<{ previousText: string | null; appliedAt: number }>,
  confirm: () => Promise<number>,
): Promise<SwitchResult> {
  const { previousText, appliedAt } = await apply();
  const previous = previousText === null ? null : tryParseUpstreamConf(previousText);
  try {
    return { previous, appliedAt, confirmedAt: await confirm() };
  } catch (error) {
    throw new SwitchUnconfirmedError((error as Error).message, previousText);
  }
}
