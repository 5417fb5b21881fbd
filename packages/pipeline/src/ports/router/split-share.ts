// Whether a split took effect, by counting through the router: the share of probe requests the canary's colour
// answered (X-Ferry-Colour) against the weight that was set.
import { COLOURS, type Colour } from '../../config/types.js';
import { FerryError } from '../../errors.js';
import type { LiveProbe, Split, SplitObservation } from './types.js';

export const DEFAULT_SPLIT_PROBES = 200;
// in flight at once: 200 fresh connections in ~0.1 s here, a small burst beside real traffic
export const PROBE_CONCURRENCY = 8;
// a probe of a count waits this long: on a machine busy enough, an answer can take over a second
export const SPLIT_PROBE_TIMEOUT_MS = 2000;

/**
 * Probes of a count that may get no answer at all in time (each one is sent again): a busy machine, not a wrong
 * share. Past it the count refutes the split. An answer that is not a colour's (the router's own 502) refutes at once.
 */
export function unansweredAllowed(probes: number): number {
  return Math.ceil(probes / 20);
}

/**
 * The allowed |observed − expected| canary share for `probes` requests. nginx's smooth weighted round robin is
 * deterministic per worker (weights 9:1 pick the canary exactly once in every 10 picks of that worker), so a probe
 * alone sees the weight to within a request per worker. But real traffic shares the workers and takes some of the
 * picks: at worst the probe's own picks are a random sample, a binomial share with σ = √(w(1−w)/n). Four σ (a false
 * alarm ~1 in 16 000 confirmations) plus one request of rounding: at 200 probes ±9 points at 10 %, ±15 at 50 %;
 * still apart from the neighbouring step and from 0. At 0 % and 100 % one colour serves alone: no tolerance.
 */
export function splitTolerance(expectedShare: number, probes: number): number {
  if (expectedShare <= 0 || expectedShare >= 1) return 0;
  return 4 * Math.sqrt((expectedShare * (1 - expectedShare)) / probes) + 1 / probes;
}

/** The counts of a split's probes, judged against its weight; the share is of the answers from a colour. */
export function observeSplit(split: Split, answers: (LiveProbe | null)[]): SplitObservation {
  const answered: Record<Colour, number> = { blue: 0, green: 0 };
  let unanswered = 0;
  let routerErrors = 0;
  for (const answer of answers) {
    if (answeredByColour(answer)) answered[answer.colour] += 1;
    else if (answer === null) unanswered += 1;
    else routerErrors += 1;
  }
  const counted = answered.blue + answered.green;
  const expectedShare = split.canaryPercent / 100;
  return {
    probes: answers.length,
    counted,
    answered,
    unanswered,
    routerErrors,
    canaryShare: counted === 0 ? 0 : answered[split.canary.colour] / counted,
    expectedShare,
    tolerance: splitTolerance(expectedShare, counted),
  };
}

/** An answer X-Ferry-Colour names one of our colours for (else nginx's own error, or nothing in time). */
export const answeredByColour = (answer: LiveProbe | null): answer is LiveProbe & { colour: Colour } => answer?.colour != null && COLOURS.includes(answer.colour);

/** Why the observation does not confirm the split, or null when it does. */
export function splitRefutation(observed: SplitObservation): string | null {
  if (observed.probes === 0) return 'no probe was sent';
  if (observed.routerErrors > 0) return `${observed.routerErrors} of ${observed.probes} probes were answered by the router itself, not a colour`;
  if (observed.unanswered > unansweredAllowed(observed.counted)) {
    return `${observed.unanswered} of ${observed.probes} probes got no answer from a colour`;
  }
  if (Math.abs(observed.canaryShare - observed.expectedShare) > observed.tolerance + 1e-9) {
    return `the canary answered ${percent(observed.canaryShare)} of ${observed.counted} probes, expected ${percent(observed.expectedShare)} ± ${percent(observed.tolerance)}`;
  }
  return null;
}

/** e.g. "blue 181 · green 19 of 200 (canary 9.5 %)" for reports and errors. */
export function describeObservation(observed: SplitObservation): string {
  const unanswered = observed.unanswered > 0 ? ` · unanswered ${observed.unanswered}` : '';
  const routerErrors = observed.routerErrors > 0 ? ` · router errors ${observed.routerErrors}` : '';
  return `blue ${observed.answered.blue} · green ${observed.answered.green}${unanswered}${routerErrors} of ${observed.probes} (canary ${percent(observed.canaryShare)})`;
}

const percent = (share: number): string => `${Math.round(share * 1000) / 10} %`;

/**
 * Probes through the router, PROBE_CONCURRENCY at a time, until `count` of them are answered by a colour; each
 * answer (null: none in time) in the order they ended. A probe without an answer is sent again, up to
 * unansweredAllowed(count) times; past that, or after an answer that is not a colour's, no more are sent (the
 * split is refuted already).
 */
export async function countAnswers(
  probe: (signal?: AbortSignal) => Promise<LiveProbe | null>,
  count: number,
  signal?: AbortSignal,
): Promise<(LiveProbe | null)[]> {
  const answers: (LiveProbe | null)[] = [];
  let owed = count; // colour answers still wanted, less those in flight
  let unanswered = 0;
  let stop = false;
  const lane = async () => {
    while (owed > 0 && !stop && !signal?.aborted) {
      owed -= 1;
      const answer = await probe(signal);
      answers.push(answer);
      if (answeredByColour(answer)) continue;
      if (answer !== null || ++unanswered > unansweredAllowed(count)) stop = true;
      else owed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, count) }, lane));
  return answers;
}

/** A split change the probes did not confirm; the previous config was put back (`restored`) before this was thrown. */
export class SplitUnconfirmedError extends FerryError {
  constructor(
    message: string,
    readonly previousText: string | null,
    readonly observed: SplitObservation | null,
  ) {
    super(message);
  }
}
