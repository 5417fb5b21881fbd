import { HANDOFF_WAIT_MS, handToRunningDeploy } from '../api/canary-handoff.js';
import { LockHeldError } from '../errors.js';
import type { CanaryRequest } from '../state/canary-control.js';
import { describeHolder } from '../state/lock.js';
import type { CliArgs } from './args.js';
import { loadConfigFor } from './load-config.js';
import { printJson, printLines } from './print.js';

/** promote/abort asked of a running canary deploy: exit 0 once it took the request; null when no deploy runs. */
export async function askRunningCanary(args: CliArgs, request: CanaryRequest): Promise<number | null> {
  if (!args.env) return null; // runRelease says --env is required
  const config = await loadConfigFor(args);
  const handoff = await handToRunningDeploy(config, request);
  if (!handoff) return null;
  const holder = describeHolder(handoff.holder);
  if (!handoff.taken) {
    throw new LockHeldError(`ferry ${request}: the deploy holding the lock (${holder}) did not take the request within ${HANDOFF_WAIT_MS / 1000} s: it runs no canary step now (a blue-green deploy, or one still before its canary); nothing was changed`);
  }
  const message = `the running canary (${holder}) took the ${request} request: ${request === 'promote' ? 'it goes to 100 % now' : 'it puts its weight back to 0 and removes the canary'}; its own output and exit code say how it ends`;
  if (args.json) printJson({ env: config.name, action: request, outcome: 'requested', message });
  else printLines([message]);
  return 0;
}
