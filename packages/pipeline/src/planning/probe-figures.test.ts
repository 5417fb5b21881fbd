import { describe, expect, it } from 'vitest';
import { recentTraffic, summariseProbe } from './probe-figures.js';

describe('summariseProbe', () => {
  it('totals, latency figures and a per-second series including silent seconds', () => {
    const t0 = 1_000_000;
    const figures = summariseProbe({
      url: 'http://127.0.0.1:8080/health',
      rate: 3,
      startedAt: t0,
      endedAt: t0 + 3000,
      samples: [
        { at: t0 + 10, ms: 2, ok: true },
        { at: t0 + 400, ms: 4, ok: true },
        { at: t0 + 900, ms: 12.34, ok: false },
        { at: t0 + 2100, ms: 3, ok: true },
      ],
      failures: ['t+0.9s HTTP 502'],
    });
    expect(figures).toEqual({
      rate: 3,
      url: 'http://127.0.0.1:8080/health',
      startedAt: t0,
      durationMs: 3000,
      requests: 4,
      failures: 1,
      p50: 3,
      p95: 12.3,
      max: 12.3,
      firstFailures: ['t+0.9s HTTP 502'],
      perSecond: [
        { second: 0, requests: 3, failures: 1, p50: 4, p95: 12.3, max: 12.3 },
        { second: 1, requests: 0, failures: 0, p50: 0, p95: 0, max: 0 },
        { second: 2, requests: 1, failures: 0, p50: 3, p95: 3, max: 3 },
      ],
    });
  });
});

describe('recentTraffic', () => {
  it('counts the last second only: requests, failures, p95 and the colour that answered each', () => {
    const now = 5_000_000;
    const samples = [
      { at: now - 1500, ms: 99, ok: false }, // older than a second: left out
      { at: now - 900, ms: 2, ok: true, colour: 'blue' },
      { at: now - 600, ms: 4.44, ok: true, colour: 'green' },
      { at: now - 300, ms: 3, ok: true, colour: 'green' },
      { at: now - 100, ms: 40, ok: false }, // nothing answered: no colour
    ];
    expect(recentTraffic(samples, now)).toEqual({ requests: 4, failures: 1, p95Ms: 40, byColour: { blue: 1, green: 2 } });
    expect(recentTraffic([], now)).toEqual({ requests: 0, failures: 0, p95Ms: 0, byColour: {} });
  });
});
