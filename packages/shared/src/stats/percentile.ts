export type PercentileMethod = 'nearest-rank' | 'linear';

/**
 * The p-th percentile (p from 0 to 100) of the values, in any order; 0 when there are none.
 * - 'nearest-rank' (default): the smallest value with at least p% of the values at or below it,
 *   so the answer is a latency that was really observed (traffic probe, verification suites).
 * - 'linear': interpolates between the two closest ranks, rank = p/100 × (n − 1). This is k6's
 *   TrendSink.P on raw samples (k6 v0.x–v1.x, metrics/sink.go), so the fallback load-test engine
 *   reports what k6 would; k6 v2 approximates the same quantile from an HDR histogram.
 */
export function percentile(values: readonly number[], p: number, method: PercentileMethod = 'nearest-rank'): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside [0, 100]`);
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  if (method === 'nearest-rank') return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
  const rank = (p / 100) * (sorted.length - 1);
  const below = sorted[Math.floor(rank)]!;
  const above = sorted[Math.ceil(rank)]!;
  return below + (above - below) * (rank - Math.floor(rank));
}
