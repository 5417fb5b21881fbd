// Whether a split took effect, by counting through the router: the share of probe requests the canary's colour
// answered (X-Ferry-Colour) against the weight that was set.
import { COLOURS, type Colour } from '../../config/types.js';
import { FerryError } from '../../errors.js';
import type { LiveProbe, Split, SplitObservation } from './types.js';

export const DEFAULT_SPLIT_PROBES = 200;
// in flight at once: 200 fresh connections in ~0.1 s here, a small burst beside real traffic
export const PROBE_CONCURRENCY = 8;

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

/** The counts of a split's probes, judged against its weight. */
export function observeSplit(split: Split, answers: (LiveProbe | null)[]): SplitObservation {
  const answered: Record<Colour, number> = { blue: 0, green: 0 };
  let unanswered = 0;
  for (const answer of answers) {
    if (answeredByColour(answer)) answered[answer.colour] += 1;
    else unanswered += 1;
  }
  const probes = answers.length;
  const expectedShare = split.canaryPercent / 100;
  return { probes, answered, unanswered, canaryShare: probes === 0 ? 0 : answered[split.canary.colour] / probes, expectedShare, tolerance: splitTolerance(expectedShare, probes) };
}

/** An answer X-Ferry-Colour names one of our colours for (else nginx's own error, or nothing in time). */
export const answeredByColour = (answer: LiveProbe | null): answer is LiveProbe & { colour: Colour } => answer?.colour != null && COLOURS.includes(answer.colour);

/** Why the observation does not confirm the split, or null when it does. */
export function splitRefutation(observed: SplitObservation): string | null {
  if (observed.probes === 0) return 'no probe was sent';
  if (observed.unanswered > 0) return `${observed.unanswered} of ${observed.probes} probes got no answer from a colour`;
  if (Math.abs(observed.canaryShare - observed.expectedShare) > observed.tolerance + 1e-9) {
    return `the canary answered ${percent(observed.canaryShare)} of ${observed.probes} probes, expected ${percent(observed.expectedShare)} ± ${percent(observed.tolerance)}`;
  }
  return null;
}

/** e.g. "blue 181 · green 19 of 200 (canary 9.5 %)" for reports and errors. */
export function describeObservation(observed: SplitObservation): string {
  const unanswered = observed.unanswered > 0 ? ` · unanswered ${observed.unanswered}` : '';
  return `blue ${observed.answered.blue} · green ${observed.answered.green}${unanswered} of ${observed.probes} (canary ${percent(observed.canaryShare)})`;
}

const percent = (share: number): string => `${Math.round(share * 1000) / 10} %`;

/**
 * `count` probes through the router, PROBE_CONCURRENCY at a time; each answer (null: none) in the order they ended.
 * Once `enough` holds for an answer no more are sent (one unanswered probe already refutes a split).
 */
export async function countAnswers(
  probe: (signal?: AbortSignal) => Promise<LiveProbe | null>,
  count: number,
  signal?: AbortSignal,
  enough: (answer: LiveProbe | null) => boolean = () => false,
): Promise<(LiveProbe | null)[]> {
  const answers: (LiveProbe | null)[] = [];
  let sent = 0;
  let stop = false;
  const lane = async () => {
    while (sent < count && !stop && !signal?.aborted) {
      sent += 1;
      const answer = await probe(signal);
      answers.push(answer);
      stop ||= enough(answer);
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
