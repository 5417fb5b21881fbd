import { describe, expect, it } from 'vitest';
import { describeTarget, isFailedStatus, planSegments, segmentWaves } from './fallback-plan.js';

describe('planSegments', () => {
  it('holds a constant scenario at its one rate', () => {
    expect(planSegments({ executor: 'constant-arrival-rate', startRate: 5, stages: [{ rate: 5, durationS: 10 }] })).toEqual([{ rate: 5, durationMs: 10_000 }]);
  });

  it('steps a ramp once a second at its mean rate over that second, merging equal neighbours', () => {
    const ramp = {
      executor: 'ramping-arrival-rate' as const,
      startRate: 0,
      stages: [
        { rate: 4, durationS: 2 },
        { rate: 4, durationS: 3 },
        { rate: 0, durationS: 1.5 },
      ],
    };
    expect(planSegments(ramp)).toEqual([
      { rate: 1, durationMs: 1000 }, // 0 → 2 req/s
      { rate: 3, durationMs: 1000 }, // 2 → 4
      { rate: 4, durationMs: 3000 }, // held
      { rate: 3, durationMs: 1000 }, // 4 → 1.33
      { rate: 1, durationMs: 500 }, // 1.33 → 0 over the last half second
    ]);
  });
});

describe('describeTarget', () => {
  it('keeps BASE_URL path prefix and drops its trailing slash, as the k6 scripts join them', () => {
    expect(describeTarget('http://127.0.0.1:8080/app/', ['/health', '/'])).toEqual({
      origin: 'http://127.0.0.1:8080',
      requests: [
        { method: 'GET', path: '/app/health' },
        { method: 'GET', path: '/app/' },
      ],
    });
    expect(describeTarget('http://127.0.0.1:8080', ['/health']).requests).toEqual([{ method: 'GET', path: '/health' }]);
  });
});

describe('segmentWaves', () => {
  const target = describeTarget('http://127.0.0.1:8080', ['/health']);
  const options = (overallRate: number, amount: number, connections: number) => ({
    url: 'http://127.0.0.1:8080',
    requests: [{ method: 'GET', path: '/health' }],
    overallRate,
    amount,
    connections,
    timeout: 10,
    sampleInt: 100,
    skipAggregateResult: true,
  });

  it('spreads a second over staggered waves that together send rate × duration, sharing the VUs', () => {
    const waves = segmentWaves(target, { rate: 25, durationMs: 2000 }, 12, 10);
    expect(waves.map((wave) => wave.delayMs)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(waves[0]).toEqual({ delayMs: 0, options: options(3, 6, 2) });
    expect(waves[9]).toEqual({ delayMs: 900, options: options(2, 4, 1) });
    expect(waves.reduce((sum, wave) => sum + wave.options.overallRate!, 0)).toBe(25);
    expect(waves.reduce((sum, wave) => sum + wave.options.amount!, 0)).toBe(50);
    expect(waves.reduce((sum, wave) => sum + wave.options.connections!, 0)).toBe(12);
  });

  it('uses one wave per request per second below ten, and fits the waves into a short segment', () => {
    expect(segmentWaves(target, { rate: 3, durationMs: 500 }, 20, 10)).toEqual([
      { delayMs: 0, options: options(1, 1, 1) },
      { delayMs: 167, options: options(1, 1, 1) },
      { delayMs: 333, options: options(1, 1, 1) },
    ]);
  });
});

it('counts 4xx and 5xx as failed, like k6 http_req_failed', () => {
  expect([200, 204, 302, 399, 400, 404, 500].map(isFailedStatus)).toEqual([false, false, false, false, true, true, true]);
});
