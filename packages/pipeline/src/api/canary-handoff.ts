// `ferry promote|abort` while a deploy holds the lock: the request goes to that deploy (its canary takes it
// between checks, steps/canary.ts) instead of waiting for a lock that a paused canary holds for hours.
import { unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EnvironmentConfig } from '../config/types.js';
import { requestCanary, requestPending, type CanaryRequest } from '../state/canary-control.js';
import { describeHolder, readLock, type LockHolder } from '../state/lock.js';
import { statePaths } from '../state/paths.js';

// a canary looks every quarter second while it watches; a weight change or a health probe can hold it a few seconds
export const HANDOFF_WAIT_MS = 15_000;

export type Handoff = { taken: boolean; holder: LockHolder };

/** null: no deploy holds the lock (the command runs on its own); else whether the running deploy took the request. */
export async function handToRunningDeploy(config: EnvironmentConfig, request: CanaryRequest, waitMs = HANDOFF_WAIT_MS): Promise<Handoff | null> {
  const { lockFile, canaryControl } = statePaths(config.stateDir);
  const lock = await readLock(lockFile);
  if (lock.state !== 'held' || !/ deploy /.test(` ${lock.holder.command} `)) return null;
  await requestCanary(canaryControl, request);
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && (await requestPending(canaryControl))) {
    if ((await readLock(lockFile)).state !== 'held') break; // the deploy ended without taking it
    await sleep(100);
  }
  // the request withdrawn, unless the canary took it first
  const taken = await unlink(canaryControl).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );
  return { taken, holder: lock.holder };
}

/** What became of a request handed to the running deploy: taken (its own output says how it ends), or not taken in time. */
export function describeHandoff(request: CanaryRequest, handoff: Handoff): string {
  const holder = describeHolder(handoff.holder);
  if (!handoff.taken) return `ferry ${request}: the deploy holding the lock (${holder}) did not take the request within ${HANDOFF_WAIT_MS / 1000} s: ${handoffEffect(request, false)}`;
  return `the running canary (${holder}) took the ${request} request: ${handoffEffect(request, true)}; its own output and exit code say how it ends`;
}

/** What a taken request does; why a request not taken changed nothing. */
export function handoffEffect(request: CanaryRequest, taken: boolean): string {
  if (!taken) return 'it runs no canary step now (a blue-green deploy, or one still before its canary); nothing was changed';
  return request === 'promote' ? 'it goes to 100 % now' : 'it puts its weight back to 0 and removes the canary';
}
