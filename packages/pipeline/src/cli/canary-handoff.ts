import { describeHandoff, handToRunningDeploy } from '../api/canary-handoff.js';
import type { EnvironmentConfig } from '../config/types.js';
import { LockHeldError } from '../errors.js';
import type { CanaryRequest } from '../state/canary-control.js';
import type { CliArgs } from './args.js';
import { loadConfigFor } from './load-config.js';
import { printJson, printLines } from './print.js';
import { runRelease } from './run-release.js';

/** `ferry promote|abort`: a canary deploy in progress takes the request; otherwise the command's own flow (a staged release, or a canary left by a crash), on the config loaded once. */
export async function runCanaryRequest(request: CanaryRequest, args: CliArgs, signal: AbortSignal, abandon?: AbortSignal): Promise<number> {
  const config = await loadConfigFor(args); // throws: --env is required, listing the environments
  return (await askRunningCanary(config, args, request)) ?? runRelease(request, args, signal, abandon, config);
}

/** promote/abort asked of a running canary deploy: exit 0 once it took the request; null when no deploy runs. */
async function askRunningCanary(config: EnvironmentConfig, args: CliArgs, request: CanaryRequest): Promise<number | null> {
  const handoff = await handToRunningDeploy(config, request);
  if (!handoff) return null;
  const message = describeHandoff(request, handoff);
  if (!handoff.taken) throw new LockHeldError(message);
  if (args.json) printJson({ env: config.name, action: request, outcome: 'requested', message });
  else printLines([message]);
  return 0;
}
