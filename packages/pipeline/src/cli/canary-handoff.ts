import { describeHandoff, handToRunningDeploy } from '../api/canary-handoff.js';
import { LockHeldError } from '../errors.js';
import type { CanaryRequest } from '../state/canary-control.js';
import type { CliArgs } from './args.js';
import { loadConfigFor } from './load-config.js';
import { printJson, printLines } from './print.js';

/** promote/abort asked of a running canary deploy: exit 0 once it took the request; null when no deploy runs. */
export async function askRunningCanary(args: CliArgs, request: CanaryRequest): Promise<number | null> {
  if (!args.env) return null; // runRelease says --env is required
  const config = await loadConfigFor(args);
  const handoff = await handToRunningDeploy(config, request);
  if (!handoff) return null;
  const message = describeHandoff(request, handoff);
  if (!handoff.taken) throw new LockHeldError(message);
  if (args.json) printJson({ env: config.name, action: request, outcome: 'requested', message });
  else printLines([message]);
  return 0;
}
