import { describe, expect, it } from 'vitest';
import { counterStats, rateStats, summarizeRequests, trendStats } from './trend-stats.js';

describe('trendStats', () => {
  it('computes k6 trend keys from unsorted samples', () => {
    expect(trendStats([4, 1, 3, 2])).toEqual({ avg: 2.5, min: 1, med: 2.5, max: 4, 'p(90)': 3.7, 'p(95)': 3.8499999999999996, 'p(99)': 3.9699999999999998, count: 4 });
  });

  it('adds the percentiles asked for, such as those a threshold judges', () => {
    const samples = Array.from({ length: 101 }, (_, i) => i); // 0…100: p(N) = N
    expect(trendStats(samples, ['p(98)', 'p(99.9)', 'p(95)', 'avg', 'nonsense'])).toEqual({
      avg: 50,
      min: 0,
      med: 50,
      max: 100,
      'p(90)': 90,
      'p(95)': 95,
      'p(99)': 99,
      count: 101,
      'p(98)': 98,
      'p(99.9)': 99.9,
    });
  });

  it('is all zeros with no samples, like an empty k6 TrendSink', () => {
    expect(trendStats([])).toEqual({ avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0, 'p(99)': 0, count: 0 });
  });
});

describe('rate and counter', () => {
  it('counts non-zero samples as passes, as k6 does for http_req_failed', () => {
    expect(rateStats(1, 4)).toEqual({ rate: 0.25, passes: 1, fails: 3 });
    expect(rateStats(0, 0)).toEqual({ rate: 0, passes: 0, fails: 0 });
  });

  it('divides by the run time in seconds', () => {
    expect(counterStats(30, 2000)).toEqual({ count: 30, rate: 15 });
    expect(counterStats(0, 0)).toEqual({ count: 0, rate: 0 });
  });
});

describe('summarizeRequests', () => {
  it('reports the HTTP metrics under k6 names', () => {
    expect(summarizeRequests({ durationsMs: [5, 15], requests: 3, failed: 1, elapsedMs: 1500 })).toEqual({
      http_req_duration: { avg: 10, min: 5, med: 10, max: 15, 'p(90)': 14, 'p(95)': 14.5, 'p(99)': 14.9, count: 2 },
      http_req_failed: { rate: 1 / 3, passes: 1, fails: 2 },
      http_reqs: { count: 3, rate: 2 },
      iterations: { count: 3, rate: 2 },
    });
  });
});
