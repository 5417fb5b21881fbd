import { FerryError } from '../../errors.js';
import { isLegacyRate, lookupAggregate, tryParseThreshold } from './thresholds.js';
import type { MetricSummary, MetricValues, ThresholdResult } from './types.js';

// Reads the two JSON shapes k6 writes at the end of a run:
// - legacy `--summary-export`: `metrics[m]` is a flat map of numbers plus `thresholds: {expr: bool}`
//   where the boolean is `!ok` (true = FAILED), and a rate metric's `rate` is renamed `value`;
// - handleSummary data: `metrics[m] = {type, contains, values, thresholds: {expr: {ok}}}`.

export type K6SummaryFormat = 'legacy' | 'handle-summary';

export interface K6Summary {
  format: K6SummaryFormat;
  metrics: MetricSummary;
  thresholds: ThresholdResult[]; // as k6 judged them; ok = true means passed
  checks?: { passes: number; fails: number };
  durationMs?: number;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function numbersOf(entry: Json): MetricValues {
  return Object.fromEntries(Object.entries(entry).filter((pair): pair is [string, number] => typeof pair[1] === 'number'));
}

/** The aggregate a threshold compared, so reports show it next to k6's verdict. */
function judged(metric: string, expression: string, ok: boolean, values: MetricValues): ThresholdResult {
  const parsed = tryParseThreshold(expression);
  const aggregate = parsed ? lookupAggregate(values, parsed) : { reason: 'expression not understood' };
  return 'actual' in aggregate ? { metric, expression, ok, actual: aggregate.actual } : { metric, expression, ok };
}

function unrecognised(source: string, why: string): FerryError {
  return new FerryError(
    `${source} is not a k6 summary Ferry can read (${why}); expected the legacy --summary-export JSON or handleSummary data. ` +
      'Unset K6_NEW_MACHINE_READABLE_SUMMARY if it is set.',
  );
}

interface ParsedMetric {
  values: MetricValues;
  thresholds: ThresholdResult[];
}

function legacyMetric(source: string, metric: string, entry: Json): ParsedMetric {
  const values = numbersOf(entry);
  const nested = Object.keys(entry).filter((key) => key !== 'thresholds' && typeof entry[key] !== 'number');
  if (nested.length > 0) throw unrecognised(source, `metric ${metric} has non-numeric ${nested.join(', ')}`);
  // A rate metric's `rate` was renamed `value`; expose both so `rate<…` finds it like in handleSummary data.
  if (isLegacyRate(values)) values.rate = values.value!;
  const flags = isObject(entry.thresholds) ? entry.thresholds : {};
  const thresholds = Object.entries(flags).map(([expression, crossed]) => {
    if (typeof crossed !== 'boolean') throw unrecognised(source, `threshold ${metric} "${expression}" is not a boolean`);
    return judged(metric, expression, !crossed, values); // legacy stores !ok: true means the threshold FAILED
  });
  return { values, thresholds };
}

function handleSummaryMetric(source: string, metric: string, entry: Json): ParsedMetric {
  if (!isObject(entry.values)) throw unrecognised(source, `metric ${metric} has no values`);
  const values = numbersOf(entry.values);
  const verdicts = isObject(entry.thresholds) ? entry.thresholds : {};
  const thresholds = Object.entries(verdicts).map(([expression, verdict]) => {
    if (!isObject(verdict) || typeof verdict.ok !== 'boolean') throw unrecognised(source, `threshold ${metric} "${expression}" has no ok flag`);
    return judged(metric, expression, verdict.ok, values);
  });
  return { values, thresholds };
}

export function detectK6SummaryFormat(metrics: Json): K6SummaryFormat {
  return Object.values(metrics).some((entry) => isObject(entry) && isObject(entry.values)) ? 'handle-summary' : 'legacy';
}

function checksOf(values: MetricValues | undefined): K6Summary['checks'] {
  if (values?.passes === undefined || values.fails === undefined) return undefined;
  return { passes: values.passes, fails: values.fails };
}

/** `source` names the file in error messages. */
export function parseK6Summary(data: unknown, source = 'k6 summary'): K6Summary {
  if (!isObject(data) || !isObject(data.metrics)) throw unrecognised(source, 'no "metrics" object');
  const format = detectK6SummaryFormat(data.metrics);
  const readMetric = format === 'legacy' ? legacyMetric : handleSummaryMetric;
  const metrics: MetricSummary = {};
  const thresholds: ThresholdResult[] = [];
  for (const [metric, entry] of Object.entries(data.metrics)) {
    if (!isObject(entry)) throw unrecognised(source, `metric ${metric} is not an object`);
    const parsed = readMetric(source, metric, entry);
    metrics[metric] = parsed.values;
    thresholds.push(...parsed.thresholds);
  }
  const summary: K6Summary = { format, metrics, thresholds };
  const checks = checksOf(metrics.checks);
  if (checks) summary.checks = checks;
  const durationMs = isObject(data.state) ? data.state.testRunDurationMs : undefined;
  if (typeof durationMs === 'number') summary.durationMs = durationMs;
  return summary;
}
