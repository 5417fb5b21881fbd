import { describe, expect, it } from 'vitest';
import type { MetricAnswer } from '../ports/metrics/types.js';
import type { StepVerdict } from './canary-analysis.js';
import { judgeMetric, withMetric, type MetricVerdict } from './canary-metric.js';

const Q = 'sum(rate(errors{colour="green"}[30s]))';
const one = (value: number): MetricAnswer => ({ kind: 'samples', samples: [{ labels: {}, value }] });
const ADVICE = 'Check analysis.prometheus: its url, and that its query returns one number for the step';

describe('judgeMetric', () => {
  it('passes a value within max, fails one above it naming the query and the value', () => {
    expect(judgeMetric(one(0.5), { max: 1 }, Q)).toEqual({
      kind: 'pass',
      check: { name: 'prometheus', value: 0.5, limit: 1, passed: true, text: `analysis.prometheus query \`${Q}\` = 0.5, within analysis.prometheus.max 1` },
      reading: { query: Q, value: 0.5 },
    });
    expect(judgeMetric(one(7), { max: 5 }, Q)).toMatchObject({ kind: 'fail', check: { passed: false, text: `analysis.prometheus query \`${Q}\` = 7, above analysis.prometheus.max 5` }, reading: { value: 7 } });
    expect(judgeMetric(one(Infinity), { max: 5 }, Q).kind).toBe('fail');
  });

  it('fails a value below min, naming both limits', () => {
    expect(judgeMetric(one(0.9), { min: 0.99, max: 1 }, Q)).toMatchObject({ kind: 'fail', check: { limit: 0.99, text: `analysis.prometheus query \`${Q}\` = 0.9, below analysis.prometheus.min 0.99, analysis.prometheus.max 1` } });
    expect(judgeMetric(one(0.995), { min: 0.99 }, Q).kind).toBe('pass');
  });

  it('is inconclusive, never a pass, for no data, NaN, several series and an error', () => {
    const reason = (verdict: MetricVerdict) => (verdict.kind === 'inconclusive' ? verdict.reason : `not inconclusive: ${verdict.kind}`);
    expect(reason(judgeMetric({ kind: 'samples', samples: [] }, { max: 1 }, Q))).toBe(`analysis.prometheus query \`${Q}\` returned no data (an empty result)`);
    expect(reason(judgeMetric(one(NaN), { max: 1 }, Q))).toBe(`analysis.prometheus query \`${Q}\` returned NaN`);
    expect(reason(judgeMetric({ kind: 'samples', samples: [{ labels: { a: '1' }, value: 0 }, { labels: { a: '2' }, value: 0 }] }, { max: 1 }, Q))).toBe(
      `analysis.prometheus query \`${Q}\` returned 2 series, not one number: aggregate them (e.g. sum(…) or max(…))`,
    );
    const refused = judgeMetric({ kind: 'error', message: 'Prometheus at http://127.0.0.1:1 could not be reached: connect ECONNREFUSED 127.0.0.1:1' }, { max: 1 }, Q);
    expect(refused).toEqual({ kind: 'inconclusive', reason: `analysis.prometheus query \`${Q}\` gave no value: Prometheus at http://127.0.0.1:1 could not be reached: connect ECONNREFUSED 127.0.0.1:1`, reading: { query: Q, value: null } });
  });
});

describe('withMetric', () => {
  const errorRate = { name: 'error rate', value: 0, limit: 0.01, passed: true, text: 'error rate ok' } as const;
  const pass: StepVerdict = { kind: 'pass', checks: [errorRate] };
  const failed: StepVerdict = { kind: 'fail', checks: [{ ...errorRate, passed: false, text: 'error rate 5 %' }], reason: 'error rate 5 %' };
  const tooFew: StepVerdict = { kind: 'inconclusive', reason: '3 request(s) …', advice: 'Send more traffic' };
  const over = judgeMetric(one(7), { max: 5 }, 'q');
  const within = judgeMetric(one(1), { max: 5 }, 'q');
  const noData = judgeMetric({ kind: 'samples', samples: [] }, { max: 5 }, 'q');

  it('leaves the verdict alone without analysis.prometheus', () => {
    expect(withMetric(tooFew, null)).toBe(tooFew);
  });

  it('adds the check to a pass or a fail; a value past its limit fails even a step with too few requests', () => {
    expect(withMetric(pass, within)).toEqual({ kind: 'pass', checks: [errorRate, (within as { check: unknown }).check] });
    expect(withMetric(pass, over)).toMatchObject({ kind: 'fail', reason: 'analysis.prometheus query `q` = 7, above analysis.prometheus.max 5' });
    expect(withMetric(failed, over)).toMatchObject({ kind: 'fail', reason: 'error rate 5 %; analysis.prometheus query `q` = 7, above analysis.prometheus.max 5' });
    expect(withMetric(tooFew, over)).toMatchObject({ kind: 'fail', reason: 'analysis.prometheus query `q` = 7, above analysis.prometheus.max 5' });
    expect(withMetric(tooFew, within)).toBe(tooFew);
  });

  it('makes a passing step inconclusive when the query gave no value, joins two inconclusive reasons, keeps a failure', () => {
    expect(withMetric(pass, noData)).toEqual({ kind: 'inconclusive', reason: 'analysis.prometheus query `q` returned no data (an empty result)', advice: ADVICE });
    expect(withMetric(tooFew, noData)).toEqual({ kind: 'inconclusive', reason: '3 request(s) …; analysis.prometheus query `q` returned no data (an empty result)', advice: `Send more traffic. ${ADVICE}` });
    expect(withMetric(failed, noData)).toBe(failed);
  });
});
