// k6's end-of-test aggregates, computed from raw samples so the fallback engine reports what k6 would.
import type { MetricSummary, MetricValues } from './types.js';

/**
 * Percentile by linear interpolation between the two closest ranks of the sorted samples:
 * rank = p × (n − 1). This is k6's TrendSink.P on raw samples (k6 v0.x–v1.x, metrics/sink.go);
 * k6 v2 approximates the same quantile from an HDR histogram. p is a fraction (0.95 for p(95)).
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = p * (sorted.length - 1);
  const below = sorted[Math.floor(rank)]!;
  const above = sorted[Math.ceil(rank)]!;
  return below + (above - below) * (rank - Math.floor(rank));
}

const PERCENTILE_KEY = /^p\((\d+(?:\.\d+)?)\)$/;

/**
 * A Trend metric's aggregates (ms for durations), keyed as k6's summary, with p(99) and count added.
 * `percentiles` adds keys like "p(98)" or "p(99.9)" (the ones thresholds judge); other keys are ignored.
 */
export function trendStats(samples: readonly number[], percentiles: readonly string[] = []): MetricValues {
  const sorted = [...samples].sort((a, b) => a - b);
  const count = sorted.length;
  const sum = sorted.reduce((total, value) => total + value, 0);
  const stats: MetricValues = {
    avg: count === 0 ? 0 : sum / count,
    min: count === 0 ? 0 : sorted[0]!,
    med: percentile(sorted, 0.5),
    max: count === 0 ? 0 : sorted[count - 1]!,
    'p(90)': percentile(sorted, 0.9),
    'p(95)': percentile(sorted, 0.95),
    'p(99)': percentile(sorted, 0.99),
    count,
  };
  for (const key of percentiles) {
    const match = PERCENTILE_KEY.exec(key);
    if (match && !(key in stats)) stats[key] = percentile(sorted, Number(match[1]) / 100);
  }
  return stats;
}

/** A Rate metric: share of non-zero samples. k6 calls non-zero samples "passes", even when they mean failures. */
export function rateStats(nonZero: number, total: number): MetricValues {
  return { rate: total === 0 ? 0 : nonZero / total, passes: nonZero, fails: total - nonZero };
}

/** A Counter metric: total and per second of the whole run. */
export function counterStats(count: number, elapsedMs: number): MetricValues {
  return { count, rate: elapsedMs <= 0 ? 0 : count / (elapsedMs / 1000) };
}

export interface RequestSamples {
  durationsMs: readonly number[]; // one per response received
  requests: number; // responses + errors/timeouts
  failed: number; // status >= 400, errors and timeouts (k6's http_req_failed)
  elapsedMs: number; // the whole run, for the per-second rates
  percentiles?: readonly string[]; // extra http_req_duration keys, e.g. "p(98)"
}

/** The HTTP metrics of a run in which every iteration is exactly one request. */
export function summarizeRequests(samples: RequestSamples): MetricSummary {
  const { durationsMs, requests, failed, elapsedMs, percentiles } = samples;
  return {
    http_req_duration: trendStats(durationsMs, percentiles),
    http_req_failed: rateStats(failed, requests),
    http_reqs: counterStats(requests, elapsedMs),
    iterations: counterStats(requests, elapsedMs),
  };
}
