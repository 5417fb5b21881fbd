import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeMetric } from '../src/planning/canary-metric.js';
import { PrometheusSource } from '../src/ports/metrics/prometheus.js';
import { freePort } from './support/environment.js';
import { startPrometheus, type TestPrometheus } from './support/prometheus.js';
import { waitFor } from './support/wait.js';

// The metrics port's Prometheus adapter against a real Prometheus: data, no data, a syntax error, no server.

describe('PrometheusSource against a real Prometheus', () => {
  let prometheus: TestPrometheus;
  const source = new PrometheusSource();
  const ask = (query: string, url = prometheus.url) => source.query({ url, query, at: Date.now(), timeoutMs: 5000 });

  beforeAll(async () => {
    prometheus = await startPrometheus();
  });
  afterAll(() => prometheus?.stop());

  it('reads a number: a constant, and a metric of Prometheus scraping itself with its labels', async () => {
    expect(await ask('vector(5)')).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 5 }] });
    expect(await ask('scalar(vector(2.5))')).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 2.5 }] });
    // the first scrape comes within a second or so of the start
    await waitFor(async () => ((await ask('up')) as { samples?: unknown[] }).samples?.length === 1, 30_000);
    expect(await ask('up{job="prometheus"}')).toEqual({ kind: 'samples', samples: [{ labels: { __name__: 'up', instance: new URL(prometheus.url).host, job: 'prometheus' }, value: 1 }] });
    expect(judgeMetric(await ask('vector(7)'), { max: 5 }, 'vector(7)')).toMatchObject({ kind: 'fail', reading: { value: 7 } });
  });

  it('gives an empty result for a series that does not exist, and NaN as NaN: both inconclusive', async () => {
    const empty = await ask('up{job="ferry-no-such-job"}');
    expect(empty).toEqual({ kind: 'samples', samples: [] });
    expect(judgeMetric(empty, { max: 1 }, 'q').kind).toBe('inconclusive');
    const nan = await ask('vector(0) / 0');
    expect(judgeMetric(nan, { max: 1 }, 'q')).toMatchObject({ kind: 'inconclusive', reason: 'analysis.prometheus query `q` returned NaN' });
  });

  it('names Prometheus\'s own error for a syntax error, and a range vector as no number', async () => {
    expect(await ask('sum(')).toEqual({ kind: 'error', message: 'Prometheus answered HTTP 400, bad_data: invalid parameter "query": 1:5: parse error: unclosed left parenthesis' });
    expect(await ask('up[5s]')).toMatchObject({ kind: 'error', message: expect.stringContaining('is a range vector, not a number') });
  });

  it('names the address and the error when nothing listens', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    expect(await ask('vector(1)', nobody)).toEqual({ kind: 'error', message: `Prometheus at ${nobody} could not be reached: connect ECONNREFUSED ${new URL(nobody).host}` });
  });
});
