// Pure: whether one canary step passes, from its figures and strategy.analysis. Too few requests is never a pass.
import type { CanaryAnalysis } from '../config/types.js';
import type { StepFigures } from './canary-figures.js';

export interface CheckResult {
  name: 'error rate' | 'p95' | 'p95 ratio' | 'prometheus';
  value: number;
  limit: number;
  passed: boolean;
  text: string; // e.g. "error rate 5.0 % of 120 canary requests, limit analysis.max_error_rate 1 %"
}

export type StepVerdict =
  | { kind: 'pass'; checks: CheckResult[] }
  | { kind: 'fail'; checks: CheckResult[]; reason: string }
  | { kind: 'inconclusive'; reason: string; advice: string }; // advice: what would make the step conclusive

// too few requests: what would give the step enough of them
const MORE_REQUESTS = 'Send more traffic, lower analysis.min_requests or lengthen step_duration';

const pct = (fraction: number) => `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)} %`;

export function judgeStep(figures: StepFigures, analysis: CanaryAnalysis): StepVerdict {
  const { canary, stable } = figures;
  if (canary.requests < analysis.minRequests) {
    return { kind: 'inconclusive', reason: `${canary.requests} request(s) reached the canary in this step, fewer than analysis.min_requests (${analysis.minRequests})`, advice: MORE_REQUESTS };
  }
  const checks: CheckResult[] = [];
  const errorRate = canary.failures / canary.requests;
  checks.push({
    name: 'error rate',
    value: errorRate,
    limit: analysis.maxErrorRate,
    passed: errorRate <= analysis.maxErrorRate,
    text: `error rate ${pct(errorRate)} (${canary.failures} of ${canary.requests} canary requests), limit analysis.max_error_rate ${pct(analysis.maxErrorRate)}`,
  });
  if (analysis.maxP95Ms !== undefined) {
    checks.push({ name: 'p95', value: canary.p95Ms, limit: analysis.maxP95Ms, passed: canary.p95Ms <= analysis.maxP95Ms, text: `canary p95 ${canary.p95Ms} ms, limit analysis.max_p95_ms ${analysis.maxP95Ms} ms` });
  }
  if (analysis.maxP95Ratio !== undefined) {
    // a ratio against a handful of stable answers is noise: the stable side needs min_requests too
    if (stable.requests < analysis.minRequests) {
      return { kind: 'inconclusive', reason: `${stable.requests} request(s) reached the stable version in this step, fewer than analysis.min_requests (${analysis.minRequests}) for analysis.max_p95_ratio`, advice: MORE_REQUESTS };
    }
    const ratio = stable.p95Ms > 0 ? canary.p95Ms / stable.p95Ms : canary.p95Ms > 0 ? Infinity : 1;
    checks.push({
      name: 'p95 ratio',
      value: Math.round(ratio * 100) / 100,
      limit: analysis.maxP95Ratio,
      passed: ratio <= analysis.maxP95Ratio,
      text: `canary p95 ${canary.p95Ms} ms / stable p95 ${stable.p95Ms} ms = ${ratio.toFixed(2)}, limit analysis.max_p95_ratio ${analysis.maxP95Ratio}`,
    });
  }
  return verdictOf(checks);
}

/** Pass when every check passed, else fail naming each that did not. */
export function verdictOf(checks: CheckResult[]): StepVerdict {
  const failed = checks.filter((check) => !check.passed);
  return failed.length === 0 ? { kind: 'pass', checks } : { kind: 'fail', checks, reason: failed.map((check) => check.text).join('; ') };
}
