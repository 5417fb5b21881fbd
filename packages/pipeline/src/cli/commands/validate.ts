import path from 'node:path';
import { defaultVerify, formatVerification, routerBaseUrl, runVerification } from '@ferry/verify-tests';
import { readStatus } from '../../api/status.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** `ferry validate`: the live-deployment suites against the environment's router; JUnit under reports/junit/. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  const config = await loadConfigFor(args);
  const status = await readStatus(config, signal);
  const result = await runVerification({
    baseUrl: routerBaseUrl(config.router.listen),
    verify: config.verify ?? defaultVerify(config.health.path),
    activeTag: status.active?.version ?? null,
    healthPath: config.health.path,
    junitFile: path.resolve('reports/junit', `verify-${config.name}.xml`),
    name: `ferry verify ${config.name}`,
    signal,
  });
  if (args.json) printJson(result);
  else printLines([`validate ${config.name} (active ${status.active?.version ?? 'none'} via ${result.baseUrl}):`, ...formatVerification(result)]);
  return result.passed ? 0 : 1;
}
