// k6's end-of-test aggregates, computed from raw samples so the fallback engine reports what k6 would.
import { percentile } from '@ferry/shared';
import type { MetricSummary, MetricValues } from './types.js';

const PERCENTILE_KEY = /^p\((\d+(?:\.\d+)?)\)$/;

/**
 * A Trend metric's aggregates (ms for durations), keyed as k6's summary, with p(99) and count added.
 * `percentiles` adds keys like "p(98)" or "p(99.9)" (the ones thresholds judge); other keys are ignored.
 */
export function trendStats(samples: readonly number[], percentiles: readonly string[] = []): MetricValues {
  const sorted = [...samples].sort((a, b) => a - b);
  const count = sorted.length;
  const sum = sorted.reduce((total, value) => total + value, 0);
  // 'linear': k6 interpolates between the closest ranks (TrendSink.P), so the fallback does too.
  const stats: MetricValues = {
    avg: count === 0 ? 0 : sum / count,
    min: count === 0 ? 0 : sorted[0]!,
    med: percentile(sorted, 50, 'linear'),
    max: count === 0 ? 0 : sorted[count - 1]!,
    'p(90)': percentile(sorted, 90, 'linear'),
    'p(95)': percentile(sorted, 95, 'linear'),
    'p(99)': percentile(sorted, 99, 'linear'),
    count,
  };
  for (const key of percentiles) {
    const match = PERCENTILE_KEY.exec(key);
    if (match && !(key in stats)) stats[key] = percentile(sorted, Number(match[1]), 'linear');
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
