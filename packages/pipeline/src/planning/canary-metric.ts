// Pure: strategy.analysis.prometheus's verdict on one step, and the step's verdict with it. No data, NaN, an error
// or an unreachable server is inconclusive (the step is extended, then fails), never a pass.
import type { PrometheusCheck } from '../config/types.js';
import type { MetricAnswer } from '../ports/metrics/types.js';
import { verdictOf, type CheckResult, type StepVerdict } from './canary-analysis.js';

/** What the report keeps of the query: the filled query and its value (null: no single number). */
export interface MetricReading {
  query: string;
  value: number | null;
}

export type MetricVerdict =
  | { kind: 'pass' | 'fail'; check: CheckResult; reading: MetricReading }
  | { kind: 'inconclusive'; reason: string; reading: MetricReading };

const ADVICE = 'Check analysis.prometheus: its url, and that its query returns one number for the step';

export function judgeMetric(answer: MetricAnswer, check: Pick<PrometheusCheck, 'max' | 'min'>, query: string): MetricVerdict {
  const named = `analysis.prometheus query \`${query}\``;
  const inconclusive = (why: string): MetricVerdict => ({ kind: 'inconclusive', reason: `${named} ${why}`, reading: { query, value: null } });
  if (answer.kind === 'error') return inconclusive(`gave no value: ${answer.message}`);
  const { samples } = answer;
  if (samples.length === 0) return inconclusive('returned no data (an empty result)');
  if (samples.length > 1) return inconclusive(`returned ${samples.length} series, not one number: aggregate them (e.g. sum(…) or max(…))`);
  const { value } = samples[0]!;
  if (Number.isNaN(value)) return inconclusive('returned NaN');
  const over = check.max !== undefined && value > check.max;
  const under = check.min !== undefined && value < check.min;
  const limits = [check.min !== undefined && `analysis.prometheus.min ${check.min}`, check.max !== undefined && `analysis.prometheus.max ${check.max}`].filter(Boolean).join(', ');
  const text = `${named} = ${value}${over ? ', above' : under ? ', below' : ', within'} ${limits}`;
  const limit = over || check.min === undefined ? check.max! : check.min;
  return { kind: over || under ? 'fail' : 'pass', check: { name: 'prometheus', value, limit, passed: !over && !under, text }, reading: { query, value } };
}

/** The step's verdict on its requests, with the metric's: a failed check fails the step even when the requests were too few. */
export function withMetric(verdict: StepVerdict, metric: MetricVerdict | null): StepVerdict {
  if (!metric) return verdict;
  if (metric.kind === 'inconclusive') {
    if (verdict.kind === 'fail') return verdict;
    if (verdict.kind === 'pass') return { kind: 'inconclusive', reason: metric.reason, advice: ADVICE };
    return { kind: 'inconclusive', reason: `${verdict.reason}; ${metric.reason}`, advice: `${verdict.advice}. ${ADVICE}` };
  }
  if (verdict.kind === 'inconclusive') return metric.kind === 'fail' ? { kind: 'fail', checks: [metric.check], reason: metric.check.text } : verdict;
  return verdictOf([...verdict.checks, metric.check]);
}
