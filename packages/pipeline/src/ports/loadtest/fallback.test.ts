import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { MAX_WAVES } from './fallback-plan.js';
import { runFallback, type FallbackProgress } from './fallback.js';
import type { LoadScenario } from './types.js';

const SLOW_MS = 150;
const hits: Record<string, number> = {};
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    if (path.endsWith('/fail')) response.writeHead(500).end('boom');
    else if (path.endsWith('/slow')) setTimeout(() => response.end('late'), SLOW_MS);
    else response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const constant = (rate: number, durationS: number): Pick<LoadScenario, 'executor' | 'startRate' | 'stages' | 'maxVUs'> => ({
  executor: 'constant-arrival-rate',
  startRate: rate,
  stages: [{ rate, durationS }],
  maxVUs: 10,
});

describe('runFallback against a real HTTP server on 127.0.0.1', { timeout: 15_000 }, () => {
  // Relations to the plan, never time windows: a loaded machine may send fewer requests, never more,
  // and a run never ends before its planned duration.
  it('sends at most rate × duration requests, holds the planned duration, and reports k6-named metrics', async () => {
    const progress: FallbackProgress[] = [];
    const result = await runFallback({ baseUrl, scenario: constant(20, 2), paths: ['/ok'], onProgress: (p) => progress.push(p) });
    const { http_req_duration, http_req_failed, http_reqs, iterations } = result.summary;

    expect(Object.keys(result.summary)).toEqual(['http_req_duration', 'http_req_failed', 'http_reqs', 'iterations']);
    expect(Object.keys(http_req_duration!)).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count']);
    expect(http_reqs!.count).toBeLessThanOrEqual(20 * 2);
    expect(http_reqs!.count).toBeGreaterThan((20 * 2) / MAX_WAVES); // more than one staggered wave's share: they ran side by side
    expect(http_req_duration!.count).toBe(http_reqs!.count);
    expect(iterations).toEqual(http_reqs);
    expect(http_req_failed).toEqual({ rate: 0, passes: 0, fails: http_reqs!.count });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(1990); // the planned 2 s, less timer rounding
    expect(result.aborted).toBe(false);
    // one report a second, plus the final one, counting up to the total
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toMatchObject({ requests: http_reqs!.count, failures: 0 });
  });

  it('counts every 500 as failed, with k6 inverted passes', async () => {
    const { summary } = await runFallback({ baseUrl, scenario: constant(10, 1), paths: ['/fail'] });
    expect(summary.http_req_failed).toEqual({ rate: 1, passes: summary.http_reqs!.count, fails: 0 });
    expect(summary.http_reqs!.count).toBeGreaterThan(0);
    expect(summary.http_reqs!.count).toBeLessThanOrEqual(10 * 1);
  });

  it('measures the latency of a slow route', async () => {
    const { summary } = await runFallback({ baseUrl, scenario: constant(10, 1), paths: ['/slow'], percentiles: ['p(98)'] });
    expect(summary.http_req_duration!['p(95)']).toBeGreaterThanOrEqual(SLOW_MS);
    expect(summary.http_req_duration!['p(98)']).toBeGreaterThanOrEqual(SLOW_MS);
    expect(summary.http_req_duration!.min).toBeGreaterThanOrEqual(SLOW_MS - 5); // timer slack
    expect(summary.http_req_failed!.rate).toBe(0);
  });

  it('shares the load round-robin across paths under the BASE_URL path, as k6 requests them', async () => {
    for (const key of Object.keys(hits)) delete hits[key];
    const { summary } = await runFallback({ baseUrl: `${baseUrl}/app/`, scenario: constant(20, 1), paths: ['/ok', '/fail'] });
    expect(Object.keys(hits).sort()).toEqual(['/app/fail', '/app/ok']);
    expect(hits['/app/ok']).toBe(hits['/app/fail']);
    expect(summary.http_req_failed!.rate).toBe(0.5);
  });

  it('fails every request when nothing listens, once per request sent', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { summary } = await runFallback({ baseUrl: `http://127.0.0.1:${port}`, scenario: constant(5, 1), paths: ['/'] });
    expect(summary.http_req_failed!.rate).toBe(1);
    expect(summary.http_reqs!.count).toBeGreaterThanOrEqual(1);
    expect(summary.http_reqs!.count).toBeLessThanOrEqual(5);
    expect(summary.http_req_duration!.count).toBe(0);
  });

  it('stops early when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const result = await runFallback({ baseUrl, scenario: constant(20, 10), paths: ['/ok'], signal: controller.signal });
    expect(result.aborted).toBe(true);
    // Stopped before the plan ran out: shorter than its 10 s, fewer requests than its 20 × 10.
    expect(result.elapsedMs).toBeLessThan(10_000);
    expect(result.summary.http_reqs!.count).toBeGreaterThan(0);
    expect(result.summary.http_reqs!.count).toBeLessThan(20 * 10);
  });

  it('follows a ramp segment by segment', async () => {
    const ramp = { executor: 'ramping-arrival-rate' as const, startRate: 0, stages: [{ rate: 20, durationS: 2 }], maxVUs: 10 };
    const result = await runFallback({ baseUrl, scenario: ramp, paths: ['/ok'] }); // 5/s then 15/s
    expect(result.summary.http_reqs!.count).toBeGreaterThan(5); // more than the first second plans: the second segment ran
    expect(result.summary.http_reqs!.count).toBeLessThanOrEqual(5 + 15);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(1990);
  });

  it('refuses a base URL that is not http(s)', async () => {
    await expect(runFallback({ baseUrl: '127.0.0.1:8080', scenario: constant(1, 1), paths: ['/'] })).rejects.toThrow(
      new ConfigError('load-test base URL: should be an http(s) URL (got "127.0.0.1:8080").'),
    );
  });
});
