import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import {
  aggregateKey,
  evaluateThresholds,
  formatActual,
  formatThresholdResults,
  parseThreshold,
  THRESHOLD_FORMS,
  validateThresholds,
} from './thresholds.js';

describe('parseThreshold', () => {
  it.each([
    ['p(95)<500', { aggregation: 'p', percentile: 95, operator: '<', value: 500 }],
    ['p(99.9)<5', { aggregation: 'p', percentile: 99.9, operator: '<', value: 5 }],
    ['rate >= 0.8', { aggregation: 'rate', operator: '>=', value: 0.8 }],
    ['med <= 2', { aggregation: 'med', operator: '<=', value: 2 }],
    ['  avg>1.5 ', { aggregation: 'avg', operator: '>', value: 1.5 }],
    ['min==0', { aggregation: 'min', operator: '==', value: 0 }],
    ['max===4000', { aggregation: 'max', operator: '===', value: 4000 }],
    ['count != 0', { aggregation: 'count', operator: '!=', value: 0 }],
    ['value>-1', { aggregation: 'value', operator: '>', value: -1 }],
    ['rate<1e-2', { aggregation: 'rate', operator: '<', value: 0.01 }],
    ['p(0)>=0', { aggregation: 'p', percentile: 0, operator: '>=', value: 0 }],
  ])('reads %j', (expression, expected) => {
    expect(parseThreshold(expression)).toEqual(expected);
  });

  it.each(['p95<500', 'p(95) 500', 'p( 95 )<500', 'p(101)<5', 'mean<5', 'rate<', '<0.1', 'rate<0.1ms', 'rate=>0.1', 'avg<<5', ''])(
    'rejects %j with a ConfigError naming it and the accepted forms',
    (expression) => {
      expect(() => parseThreshold(expression)).toThrow(ConfigError);
      expect(() => parseThreshold(expression)).toThrow(`threshold "${expression}" is not valid: ${THRESHOLD_FORMS}`);
    },
  );

  it('keys percentiles the way k6 stores them', () => {
    expect(aggregateKey(parseThreshold('p(95.0)<1'))).toBe('p(95)');
    expect(aggregateKey(parseThreshold('p(99.9)<1'))).toBe('p(99.9)');
    expect(aggregateKey(parseThreshold('rate<1'))).toBe('rate');
  });
});

describe('evaluateThresholds', () => {
  const summary = {
    http_req_duration: { avg: 20, min: 1, med: 18, max: 140, 'p(90)': 26, 'p(95)': 30 },
    http_req_failed: { passes: 3, fails: 97, value: 0.03 }, // legacy export: rate renamed value
    checks: { passes: 9, fails: 1, rate: 0.9 },
    http_reqs: { count: 100, rate: 10 },
    vus: { value: 5, min: 1, max: 5 },
  };

  it('judges each expression and reports the value it compared', () => {
    expect(
      evaluateThresholds(summary, {
        http_req_duration: ['p(95)<500', 'avg<10', 'med <= 18', 'max==140'],
        http_req_failed: ['rate<0.01'],
        checks: ['rate>0.8'],
        http_reqs: ['count>=100', 'count!=100'],
        vus: ['value===5'],
      }),
    ).toEqual([
      { metric: 'http_req_duration', expression: 'p(95)<500', ok: true, actual: 30 },
      { metric: 'http_req_duration', expression: 'avg<10', ok: false, actual: 20 },
      { metric: 'http_req_duration', expression: 'med <= 18', ok: true, actual: 18 },
      { metric: 'http_req_duration', expression: 'max==140', ok: true, actual: 140 },
      { metric: 'http_req_failed', expression: 'rate<0.01', ok: false, actual: 0.03 },
      { metric: 'checks', expression: 'rate>0.8', ok: true, actual: 0.9 },
      { metric: 'http_reqs', expression: 'count>=100', ok: true, actual: 100 },
      { metric: 'http_reqs', expression: 'count!=100', ok: false, actual: 100 },
      { metric: 'vus', expression: 'value===5', ok: true, actual: 5 },
    ]);
  });

  it('fails, with a reason, what was never recorded', () => {
    expect(evaluateThresholds(summary, { grpc_req_duration: ['med<2'], http_req_duration: ['p(99)<500'], vus: ['rate<1'] })).toEqual([
      { metric: 'grpc_req_duration', expression: 'med<2', ok: false, reason: 'metric grpc_req_duration was not recorded' },
      {
        metric: 'http_req_duration',
        expression: 'p(99)<500',
        ok: false,
        reason: 'no "p(99)" aggregate recorded (has avg, min, med, max, p(90), p(95))',
      },
      // a gauge's value is not a rate: only the legacy rate shape (passes/fails/value) falls back
      { metric: 'vus', expression: 'rate<1', ok: false, reason: 'no "rate" aggregate recorded (has value, min, max)' },
    ]);
  });

  it('throws a ConfigError for an invalid expression', () => {
    expect(() => evaluateThresholds(summary, { http_reqs: ['count>>1'] })).toThrow(ConfigError);
  });
});

describe('validateThresholds', () => {
  it('accepts a valid map', () => {
    expect(validateThresholds({ http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'] })).toEqual([]);
  });

  it('names the metric and index of each bad expression under the given path', () => {
    expect(validateThresholds({ http_req_duration: ['p(95)<500', 'p95<500', 7], checks: 'rate>0.9' }, ['loadtest', 'thresholds'])).toEqual([
      { path: ['loadtest', 'thresholds', 'http_req_duration', 1], message: '"p95<500" is not a threshold expression', hint: THRESHOLD_FORMS },
      { path: ['loadtest', 'thresholds', 'http_req_duration', 2], message: 'a number is not a threshold expression', hint: THRESHOLD_FORMS },
      { path: ['loadtest', 'thresholds', 'checks'], message: 'should be a list of threshold expressions (got string)', hint: 'e.g. checks: ["p(95)<500"]' },
    ]);
  });

  it('rejects something that is not a map', () => {
    expect(validateThresholds(['p(95)<500'])).toEqual([
      { path: [], message: 'should be a map of metric name to a list of threshold expressions', hint: 'e.g. http_req_duration: ["p(95)<500"]' },
    ]);
  });
});

describe('formatThresholdResults', () => {
  it('prints one line per threshold with its value or the reason', () => {
    expect(
      formatThresholdResults([
        { metric: 'http_req_duration', expression: 'p(95)<500', ok: true, actual: 12.3 },
        { metric: 'http_req_duration', expression: 'p(98)<200', ok: false, actual: 241.06767703999992 },
        { metric: 'http_req_failed', expression: 'rate<0.01', ok: true, actual: 0.007368421052631579 },
        { metric: 'http_reqs', expression: 'count>100', ok: true, actual: 38524 },
        { metric: 'grpc_req_duration', expression: 'med<2', ok: false, reason: 'metric grpc_req_duration was not recorded' },
        { metric: 'checks', expression: 'rate>0.9', ok: false },
      ]),
    ).toEqual([
      '✓ http_req_duration p(95)<500 (actual 12.3)',
      '✗ http_req_duration p(98)<200 (actual 241.1)',
      '✓ http_req_failed rate<0.01 (actual 0.007368)',
      '✓ http_reqs count>100 (actual 38524)',
      '✗ grpc_req_duration med<2 (metric grpc_req_duration was not recorded)',
      '✗ checks rate>0.9 (not judged)',
    ]);
  });

  it('never uses exponent notation', () => {
    expect([formatActual(1234.5678), formatActual(0), formatActual(1e-7), formatActual(99999.9), formatActual(-0.5)]).toEqual(['1235', '0', '0.0000001', '100000', '-0.5']);
  });
});
