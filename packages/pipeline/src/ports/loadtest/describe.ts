import { ConfigError } from '../../errors.js';
import { aggregateKey, parseThreshold } from './thresholds.js';
import type { Thresholds } from './types.js';

// Pure descriptions of a k6 run: the argv, and what its exit codes mean.

export const K6_INSTALL_URL = 'https://grafana.com/docs/k6/latest/set-up/install-k6/';

// errext/exitcodes/codes.go in grafana/k6; 255 is an error that carried no code.
export const K6_EXIT = { ok: 0, thresholdsFailed: 99 } as const;
const K6_EXIT_MEANINGS: Record<number, string> = {
  97: 'cloud test run failed',
  98: 'cloud failed to get progress',
  99: 'thresholds crossed',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  102: 'generic timeout',
  103: 'script stopped from the REST API',
  104: 'invalid config',
  105: 'external abort',
  106: 'cannot start the REST API',
  107: 'script exception',
  108: 'script aborted',
  109: 'k6 panicked',
  110: 'marked as failed',
  255: 'error without an exit code (bad flag or unreadable script?)',
};

/** "107 (script exception)", or just the number when k6 gives it no meaning. */
export function describeK6Exit(code: number): string {
  const meaning = K6_EXIT_MEANINGS[code];
  return meaning ? `${code} (${meaning})` : String(code);
}

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'] as const;

/** k6's default trend stats plus every percentile a threshold uses, so the summary shows the value k6 judged. */
export function trendStatsFor(thresholds: Thresholds): string[] {
  const percentiles = Object.values(thresholds)
    .flat()
    .map(parseThreshold)
    .filter((threshold) => threshold.aggregation === 'p')
    .map(aggregateKey);
  return [...new Set<string>([...DEFAULT_TREND_STATS, ...percentiles])];
}

export interface K6ScriptInputs {
  baseUrl: string; // the router
  paths: readonly string[]; // the same list the fallback engine requests (loadtestPaths)
  thresholds: Thresholds;
  rate?: number;
  durationMs?: number;
}

/** The scripts' -e variables (packages/k6-scenarios/README.md). PATHS is comma-separated, so a path may not hold a comma. */
export function k6ScriptEnv(inputs: K6ScriptInputs): Record<string, string> {
  const comma = inputs.paths.find((path) => path.includes(','));
  if (comma !== undefined) throw new ConfigError(`load-test path "${comma}" contains a comma, which k6's PATHS cannot carry; list paths without one in loadtest.paths`);
  return {
    BASE_URL: inputs.baseUrl,
    PATHS: inputs.paths.join(','),
    THRESHOLDS: JSON.stringify(inputs.thresholds),
    ...(inputs.rate !== undefined && { RATE: String(inputs.rate) }),
    ...(inputs.durationMs !== undefined && { DURATION: `${inputs.durationMs / 1000}s` }),
  };
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface K6ArgvOptions {
  script: string;
  summaryFile: string;
  env: Record<string, string>; // script inputs (BASE_URL, RATE, DURATION…); argv is visible in `ps`, so never secrets
  trendStats?: string[];
  bin?: string;
}

/**
 * `--quiet` drops the progress bar and `--no-color` the ANSI codes, since every line is relayed to the task output;
 * `--summary-export` writes the legacy JSON that `parseK6Summary` reads.
 */
export function k6Argv(options: K6ArgvOptions): string[] {
  const env = Object.entries(options.env).flatMap(([key, value]) => {
    if (!ENV_KEY.test(key)) throw new ConfigError(`k6 script variable "${key}" is not a valid name; use letters, digits and _`);
    return ['-e', `${key}=${value}`];
  });
  const trend = options.trendStats ? ['--summary-trend-stats', options.trendStats.join(',')] : [];
  return [options.bin ?? 'k6', 'run', '--quiet', '--no-color', '--summary-export', options.summaryFile, ...trend, ...env, options.script];
}
