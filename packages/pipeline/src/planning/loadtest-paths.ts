import type { EnvironmentConfig } from '../config/types.js';

/**
 * What a load test requests, round-robin: `loadtest.paths` when set, else only paths the environment
 * file says exist — health.path, each verify endpoint, verify.version's path — in that order, once each.
 * Never a guessed path: an app without `/` must not fail its load test on `/`.
 */
export function loadtestPaths(config: Pick<EnvironmentConfig, 'health' | 'verify' | 'loadtest'>): string[] {
  if (config.loadtest?.paths) return [...config.loadtest.paths];
  const { verify } = config;
  const known = [config.health.path, ...(verify?.endpoints.map((endpoint) => endpoint.path) ?? []), ...(verify?.version ? [verify.version.path] : [])];
  return [...new Set(known)];
}
