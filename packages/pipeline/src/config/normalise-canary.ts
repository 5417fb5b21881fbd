// strategy.steps/step_duration/analysis as the canary runs them: watched steps below 100 with their durations.
import type { CanaryAnalysisEntry, CanaryStepEntry } from './canary-schema.js';
import type { PrometheusCheckEntry } from './prometheus-schema.js';
import type { CanaryConfig, PrometheusCheck } from './types.js';

export function normaliseCanary(steps: CanaryStepEntry[], stepDurationMs: number, analysis: CanaryAnalysisEntry): CanaryConfig {
  return {
    // 100 is the switch that ends a canary, whether the file lists it or not: not a step to watch
    steps: steps
      .filter((entry) => entry.weight < 100)
      .map((entry) => ({ weight: entry.weight, durationMs: entry.duration ?? stepDurationMs, pause: entry.pause })),
    analysis: {
      maxErrorRate: analysis.max_error_rate,
      ...(analysis.max_p95_ms !== undefined && { maxP95Ms: analysis.max_p95_ms }),
      ...(analysis.max_p95_ratio !== undefined && { maxP95Ratio: analysis.max_p95_ratio }),
      minRequests: analysis.min_requests,
      maxExtensions: analysis.max_extensions,
      ...(analysis.prometheus && { prometheus: prometheusOf(analysis.prometheus) }),
    },
  };
}

function prometheusOf(entry: PrometheusCheckEntry): PrometheusCheck {
  const { url, query, max, min, timeout } = entry;
  return { url, query, ...(max !== undefined && { max }), ...(min !== undefined && { min }), timeoutMs: timeout };
}
