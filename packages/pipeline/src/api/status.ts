import { describeEngine } from '../config/engine.js';
import type { EnvironmentConfig } from '../config/types.js';
import { asServed, createPorts } from '../flows/ports.js';
import type { Router } from '../ports/router/types.js';
import { canaryStepOf, readCanaryPosition, type CanaryStepView } from '../state/canary-position.js';
import { gatherTruth } from '../state/gather-truth.js';
import { readLedger } from '../state/ledger.js';
import { describeStale, readLock, type LockHolder } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { reconcile, type StatusView } from '../state/truth.js';

export interface EnvironmentStatus extends StatusView {
  engine: string; // where the containers run and where it came from, e.g. "tcp://10.0.0.5:2375 (engine.host)"
  lock: ({ state: 'held' | 'stale' } & LockHolder) | null;
  canary: CanaryStepView | null; // the router splits: the canary's weight and its step, when the running deploy recorded it
}

/** The truth (containers + router), the lock, and where the ledger disagrees with them. */
export async function readStatus(file: EnvironmentConfig, signal?: AbortSignal): Promise<EnvironmentStatus> {
  const config = await asServed(file); // what really serves, whatever the file's default says
  const paths = statePaths(config.stateDir);
  const skippedLines: string[] = [];
  const ports = createPorts(config, signal);
  const [truth, ledger, lock, position] = await Promise.all([
    gatherTruth(config, ports, signal),
    readLedger(paths.ledger, (warning) => skippedLines.push(warning)),
    readLock(paths.lockFile),
    readCanaryPosition(paths.canaryPosition),
  ]);
  const view = reconcile(config, truth, ledger);
  if (view.drift.length > 0 && truth.router.running) view.warnings.push(await wouldRestart(ports.router));
  view.warnings.push(...skippedLines);
  if (lock.state === 'stale') {
    view.warnings.push(`stale deploy lock: ${describeStale(lock.holder)} and nothing holds the lock; the next command reclaims it, or run \`ferry unlock --env ${config.name}\``);
  }
  const canary = view.router.split ? canaryStepOf(view.router.split, position, lock) : null;
  return { ...view, engine: describeEngine(config.engine), lock: lock.state === 'free' ? null : { state: lock.state, ...lock.holder }, canary };
}

/** A drifted router: whether its saved config would bring it back after a restart (a crash, a reboot). */
async function wouldRestart(router: Router): Promise<string> {
  const failed = await router.testSavedConfig().catch((error: Error) => `it could not be tested: ${error.message}`);
  return failed === null ? `the router's saved config passes nginx -t: a restart would load it as it is` : `the router would NOT start again on its saved config: ${failed}`;
}
