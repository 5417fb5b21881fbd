/** Consecutive failures of one probe: a single slow answer on a busy host is not an outage, N in a row is. */
export interface FailureStreak {
  count: number;
  failed: boolean; // the streak reached the threshold
}

export function nextStreak(previous: number, ok: boolean, threshold: number): FailureStreak {
  const count = ok ? 0 : previous + 1;
  return { count, failed: count >= threshold };
}
