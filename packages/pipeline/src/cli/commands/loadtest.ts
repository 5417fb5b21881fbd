import { ConfigError } from '../../errors.js';
import { progressLine } from '../../flows/progress-events.js';
import { loadtestPaths } from '../../planning/loadtest-paths.js';
import { routerUrl } from '../../planning/names.js';
import { formatThresholdResults } from '../../ports/loadtest/thresholds.js';
import { runLoadtest } from '../../ports/loadtest/run.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

const SCENARIOS = ['smoke', 'load', 'stress', 'spike'] as const;
const DEFAULT = { scenario: 'smoke' as const, afterSwitch: false, engine: 'auto' as const, thresholds: { http_req_failed: ['rate<0.01'] } };

/** `ferry loadtest`: a scenario against the environment's router, judged by its thresholds; exit 1 when one fails. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  if (args.scenario !== undefined && !(SCENARIOS as readonly string[]).includes(args.scenario)) {
    throw new ConfigError(`--scenario ${args.scenario}: unknown; use one of ${SCENARIOS.join(', ')}`);
  }
  const config = await loadConfigFor(args);
  const baseUrl = routerUrl(config);
  const run = await runLoadtest({
    baseUrl,
    config: config.loadtest ?? DEFAULT,
    paths: loadtestPaths(config),
    ...(args.scenario !== undefined && { scenario: args.scenario }),
    signal,
    onLine: (line) => process.stderr.write(`${line}\n`),
    onProgress: (progress) => process.stderr.write(`${progressLine({ kind: 'load-test', ...progress })}\n`),
  });
  if (args.json) printJson({ engine: run.engine, engineNote: run.engineNote, scenario: run.scenario, paths: run.paths, requests: run.requests ?? null, passed: run.decision.passed, thresholds: run.thresholds });
  else printLines([`load test ${run.scenario} on ${baseUrl} (${run.engineNote}): ${run.decision.reason}`, `paths: ${run.paths.join(', ')}`, `requests: ${run.requests ?? '?'}`, ...formatThresholdResults(run.thresholds)]);
  return run.decision.passed ? 0 : 1;
}
