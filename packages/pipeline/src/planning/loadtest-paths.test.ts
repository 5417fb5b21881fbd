import { describe, expect, it } from 'vitest';
import type { LoadtestConfig, VerifyConfig } from '../config/types.js';
import { loadtestPaths } from './loadtest-paths.js';

const health = { path: '/healthz', intervalMs: 1000, timeoutMs: 2000, deployTimeoutMs: 60_000, failureThreshold: 3 };
const verify = (over: Partial<VerifyConfig> = {}): VerifyConfig => ({ endpoints: [], maxP95Ms: 300, samples: 50, concurrency: 50, afterSwitch: true, ...over });
const loadtest: LoadtestConfig = { scenario: 'smoke', afterSwitch: true, engine: 'auto', thresholds: {} };

describe('the paths a load test requests', () => {
  it('without a verify section: the health path alone, never a guessed "/" or "/version"', () => {
    expect(loadtestPaths({ health })).toEqual(['/healthz']);
    expect(loadtestPaths({ health, loadtest })).toEqual(['/healthz']);
  });

  it('the health path, then each verify endpoint in file order, once each', () => {
    const endpoints = [
      { path: '/healthz', status: [200] },
      { path: '/api/items', status: [200] },
      { path: '/version', status: [200] },
    ];
    expect(loadtestPaths({ health, verify: verify({ endpoints }) })).toEqual(['/healthz', '/api/items', '/version']);
  });

  it('the verify.version path too, when that check is configured', () => {
    const endpoints = [{ path: '/api/items', status: [200] }];
    expect(loadtestPaths({ health, verify: verify({ endpoints, version: { path: '/release', bodyMatches: '^{tag}$' } }) })).toEqual(['/healthz', '/api/items', '/release']);
    expect(loadtestPaths({ health, verify: verify({ endpoints, version: { path: '/healthz', jsonField: 'version' } }) })).toEqual(['/healthz', '/api/items']);
  });

  it('dependency and marker endpoints are not load-tested: they reach the database, Redis or write data', () => {
    expect(loadtestPaths({ health, verify: verify({ database: '/health/database', redis: '/health/redis', metrics: '/metrics', marker: { path: '/notes' } }) })).toEqual(['/healthz']);
  });

  it('loadtest.paths overrides the whole list, as written', () => {
    const endpoints = [{ path: '/api/items', status: [200] }];
    expect(loadtestPaths({ health, verify: verify({ endpoints }), loadtest: { ...loadtest, paths: ['/', '/search?q=a'] } })).toEqual(['/', '/search?q=a']);
  });
});
