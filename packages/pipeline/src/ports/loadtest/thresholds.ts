import type { Issue, KeyPath } from '../../config/issues.js';
import { ConfigError } from '../../errors.js';
import type { MetricSummary, MetricValues, ThresholdResult, Thresholds } from './types.js';

// k6's threshold grammar `aggregation operator value`, shared by k6 results and the Node fallback
// engine so both are judged by the same rules.

export type Aggregation = 'avg' | 'min' | 'max' | 'med' | 'p' | 'rate' | 'count' | 'value';
export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=' | '===';

export interface ParsedThreshold {
  aggregation: Aggregation;
  percentile?: number; // only for `p(N)`
  operator: Operator;
  value: number;
}

export const THRESHOLD_FORMS =
  'expected "AGGREGATION OPERATOR NUMBER" with AGGREGATION one of avg, min, max, med, p(N) (0 ≤ N ≤ 100), rate, count, value ' +
  'and OPERATOR one of < <= > >= == != ===, e.g. "p(95)<500" or "rate < 0.01"';

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
// Longer operators first so `<=` is never read as `<` followed by garbage. Like k6, no spaces inside p(…).
const EXPRESSION = new RegExp(
  String.raw`^\s*(avg|min|max|med|count|rate|value|p\((${NUMBER})\))\s*(<=|<|>=|>|===|==|!=)\s*(${NUMBER})\s*$`,
);

/** The parsed expression, or null when it does not follow the grammar. */
export function tryParseThreshold(expression: string): ParsedThreshold | null {
  const match = EXPRESSION.exec(expression);
  if (!match) return null;
  const [, method, percentileText, operator, valueText] = match as unknown as [string, string, string | undefined, Operator, string];
  const value = Number(valueText);
  if (percentileText === undefined) return { aggregation: method as Aggregation, operator, value };
  const percentile = Number(percentileText);
  if (percentile < 0 || percentile > 100) return null;
  return { aggregation: 'p', percentile, operator, value };
}

export function parseThreshold(expression: string): ParsedThreshold {
  const parsed = tryParseThreshold(expression);
  if (!parsed) throw new ConfigError(`threshold "${expression}" is not valid: ${THRESHOLD_FORMS}`);
  return parsed;
}

/** The key k6 stores the aggregate under: `p(95)`, `p(99.9)`, `avg`, `rate`… */
export function aggregateKey(threshold: ParsedThreshold): string {
  return threshold.aggregation === 'p' ? `p(${threshold.percentile})` : threshold.aggregation;
}

/** A rate metric in the legacy export: k6 renamed its `rate` to `value` next to passes/fails. */
export function isLegacyRate(values: MetricValues): boolean {
  return values.rate === undefined && values.value !== undefined && values.passes !== undefined && values.fails !== undefined;
}

export type Aggregate = { actual: number } | { reason: string };

export function lookupAggregate(values: MetricValues, threshold: ParsedThreshold): Aggregate {
  const key = aggregateKey(threshold);
  const found = values[key];
  if (typeof found === 'number') return { actual: found };
  if (threshold.aggregation === 'rate' && isLegacyRate(values)) return { actual: values.value! };
  return { reason: `no "${key}" aggregate recorded (has ${Object.keys(values).join(', ') || 'none'})` };
}

export function compare(actual: number, operator: Operator, value: number): boolean {
  switch (operator) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
    case '===':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

function evaluateOne(summary: MetricSummary, metric: string, expression: string): ThresholdResult {
  const threshold = parseThreshold(expression);
  const values = summary[metric];
  if (!values) return { metric, expression, ok: false, reason: `metric ${metric} was not recorded` };
  const aggregate = lookupAggregate(values, threshold);
  if ('reason' in aggregate) return { metric, expression, ok: false, reason: aggregate.reason };
  return { metric, expression, ok: compare(aggregate.actual, threshold.operator, threshold.value), actual: aggregate.actual };
}

/** Judges every expression; a metric or aggregate that was never recorded fails rather than passing silently. */
export function evaluateThresholds(summary: MetricSummary, thresholds: Thresholds): ThresholdResult[] {
  return Object.entries(thresholds).flatMap(([metric, expressions]) => expressions.map((expression) => evaluateOne(summary, metric, expression)));
}

/** Config-time check of a `{ metric: [expr, …] }` map; paths are relative to `at`. */
export function validateThresholds(thresholds: unknown, at: KeyPath = []): Issue[] {
  if (thresholds === null || typeof thresholds !== 'object' || Array.isArray(thresholds)) {
    return [{ path: at, message: 'should be a map of metric name to a list of threshold expressions', hint: 'e.g. http_req_duration: ["p(95)<500"]' }];
  }
  return Object.entries(thresholds).flatMap(([metric, expressions]): Issue[] => {
    if (!Array.isArray(expressions)) {
      return [{ path: [...at, metric], message: `should be a list of threshold expressions (got ${typeof expressions})`, hint: `e.g. ${metric}: ["p(95)<500"]` }];
    }
    return expressions.flatMap((expression: unknown, index): Issue[] => {
      if (typeof expression === 'string' && tryParseThreshold(expression)) return [];
      const shown = typeof expression === 'string' ? `"${expression}"` : `a ${typeof expression}`;
      return [{ path: [...at, metric, index], message: `${shown} is not a threshold expression`, hint: THRESHOLD_FORMS }];
    });
  });
}

/** Four significant digits for small values, whole numbers from 1000 up (no exponent notation). */
export function formatActual(actual: number): string {
  if (Number.isInteger(actual) || Math.abs(actual) >= 1000) return String(Math.round(actual));
  return actual.toLocaleString('en-US', { maximumSignificantDigits: 4, useGrouping: false });
}

/** `http_req_duration p(95)<500 (actual 12.3)`, or the reason in place of the value. */
export function describeThresholdResult(result: ThresholdResult): string {
  const detail = result.actual !== undefined ? `actual ${formatActual(result.actual)}` : (result.reason ?? 'not judged');
  return `${result.metric} ${result.expression} (${detail})`;
}

export function formatThresholdResults(results: ThresholdResult[]): string[] {
  return results.map((result) => `${result.ok ? '✓' : '✗'} ${describeThresholdResult(result)}`);
}
