import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../errors.js';
import { parseK6Summary, type K6Summary } from './k6-summary.js';
import { evaluateThresholds } from './thresholds.js';
import type { ThresholdResult, Thresholds } from './types.js';

// Real k6 output copied from public repositories (see SOURCES.md there).
const FIXTURES = fileURLToPath(new URL('../../../../../fixtures/k6/', import.meta.url));
const load = (name: string): unknown => JSON.parse(readFileSync(FIXTURES + name, 'utf8'));

interface Expected {
  format: K6Summary['format'];
  thresholds: ThresholdResult[];
  checks?: K6Summary['checks'];
  durationMs?: number;
}

const EXPECTED: Record<string, Expected> = {
  'summary-export-legacy-thresholds-passed.json': {
    format: 'legacy',
    // the file says `false` for both: legacy booleans mean "crossed", so both passed
    thresholds: [
      { metric: 'http_req_failed', expression: 'rate<0.05', ok: true, actual: 0.002465995223756619 },
      { metric: 'http_req_duration', expression: 'p(95)<2000', ok: true, actual: 801.0541782499995 },
    ],
    checks: { passes: 76953, fails: 95 },
  },
  'summary-export-legacy-all-requests-failed-no-thresholds.json': { format: 'legacy', thresholds: [] },
  'summary-export.api-performance-tracker.json': {
    format: 'legacy',
    thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<50', ok: true, actual: 8.377714999999998 }],
    checks: { passes: 8020, fails: 0 },
  },
  'summary-export.qr-code-generator.json': { format: 'legacy', thresholds: [], checks: { passes: 493168, fails: 0 } },
  'summary-export.ticket-reserve.json': { format: 'legacy', thresholds: [], checks: { passes: 99, fails: 1 } },
  'handlesummary-data-http-threshold-failed.json': {
    format: 'handle-summary',
    thresholds: [
      { metric: 'http_req_failed', expression: 'rate<0.01', ok: true, actual: 0.007368421052631579 },
      { metric: 'http_req_duration', expression: 'p(98)<200', ok: false, actual: 241.06767703999992 },
    ],
    checks: { passes: 771, fails: 7 },
    durationMs: 40803.440334,
  },
  'handlesummary-data-grpc-threshold-failed.json': {
    format: 'handle-summary',
    thresholds: [
      { metric: 'fake_rate', expression: 'rate >= 0.8', ok: false, actual: 0.4998439937597504 },
      { metric: 'grpc_req_duration', expression: 'med <= 2', ok: true, actual: 0.758751 },
    ],
    checks: { passes: 9615, fails: 0 },
    durationMs: 3393.269634,
  },
  'handlesummary-data-thresholds-passed.json': {
    format: 'handle-summary',
    thresholds: [
      { metric: 'http_req_duration', expression: 'p(95)<1000', ok: true, actual: 30.0256841 },
      { metric: 'iteration_duration', expression: 'max<4000', ok: true, actual: 1175.743348 },
    ],
    checks: { passes: 529, fails: 349 },
    durationMs: 24425.289882,
  },
  'handleSummary-data.rate-limiter-service.json': {
    format: 'handle-summary',
    thresholds: [],
    checks: { passes: 4165945, fails: 157397 },
    durationMs: 300101.355,
  },
};

const fixtureFiles = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

describe('parseK6Summary on every real k6 fixture', () => {
  it('has an expectation for each fixture file', () => {
    expect(fixtureFiles.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    const data = load(name) as { metrics: Record<string, unknown> };
    const summary = parseK6Summary(data);
    const { metrics, ...rest } = summary;
    expect(rest).toEqual(expected);
    expect(Object.keys(metrics)).toEqual(Object.keys(data.metrics));
  });

  it('re-judging each threshold on the parsed metrics agrees with k6', () => {
    let compared = 0;
    for (const name of fixtureFiles) {
      const summary = parseK6Summary(load(name));
      const asConfigured: Thresholds = {};
      for (const { metric, expression } of summary.thresholds) (asConfigured[metric] ??= []).push(expression);
      const ours = evaluateThresholds(summary.metrics, asConfigured);
      const k6 = summary.thresholds.filter((result) => result.actual !== undefined);
      for (const theirs of k6) {
        const mine = ours.find((result) => result.metric === theirs.metric && result.expression === theirs.expression);
        expect(mine, `${name} ${theirs.metric} ${theirs.expression}`).toEqual(theirs);
        compared += 1;
      }
    }
    expect(compared).toBe(9);
  });
});

describe('parseK6Summary metrics', () => {
  it('reads the http_req_failed rate when every request failed (legacy value → rate)', () => {
    const { metrics } = parseK6Summary(load('summary-export-legacy-all-requests-failed-no-thresholds.json'));
    // passes counts FAILED requests on http_req_failed; the rate is what to read
    expect(metrics.http_req_failed).toEqual({ fails: 0, passes: 700, value: 1, rate: 1 });
  });

  it('keeps a legacy gauge value and a counter rate as they are', () => {
    const { metrics } = parseK6Summary(load('summary-export-legacy-thresholds-passed.json'));
    expect(metrics.vus).toEqual({ value: 3, min: 3, max: 500 });
    expect(metrics.http_reqs).toEqual({ count: 38524, rate: 379.4267831437279 });
    expect(metrics.http_req_duration).toEqual({
      med: 160.997379,
      max: 6316.526399,
      'p(90)': 629.8809255000009,
      'p(95)': 801.0541782499995,
      avg: 309.28305238840835,
      min: 127.979803,
    });
  });

  it('reads handleSummary values, custom trend stats included', () => {
    const { metrics } = parseK6Summary(load('handlesummary-data-http-threshold-failed.json'));
    expect(metrics.http_req_failed).toEqual({ rate: 0.007368421052631579, passes: 7, fails: 943 });
    expect(metrics.http_req_duration!['p(98)']).toBe(241.06767703999992);
  });
});

describe('parseK6Summary rejects what it cannot read', () => {
  it.each([
    [null, 'no "metrics" object'],
    [{ metrics: [] }, 'no "metrics" object'],
    [{ metrics: { vus: 3 } }, 'metric vus is not an object'],
    [{ metrics: { http_req_duration: { avg: 1, thresholds: { 'avg<2': 'no' } } } }, 'threshold http_req_duration "avg<2" is not a boolean'],
    [{ metrics: { http_req_duration: { type: 'trend', values: {}, thresholds: { 'avg<2': true } } } }, 'threshold http_req_duration "avg<2" has no ok flag'],
    [{ metrics: { http: { http_req_duration: { avg: 1 } } } }, 'metric http has non-numeric http_req_duration'],
  ])('%j', (data, why) => {
    expect(() => parseK6Summary(data, 'k6 summary /tmp/s.json')).toThrow(FerryError);
    expect(() => parseK6Summary(data, 'k6 summary /tmp/s.json')).toThrow(`k6 summary /tmp/s.json is not a k6 summary Ferry can read (${why})`);
  });
});
