import { describeEngine } from '../config/engine.js';
import type { EnvironmentConfig } from '../config/types.js';
import { asServed, createPorts } from '../flows/ports.js';
import { gatherTruth } from '../state/gather-truth.js';
import { readLedger } from '../state/ledger.js';
import { describeStale, readLock, type LockHolder } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { reconcile, type StatusView } from '../state/truth.js';

export interface EnvironmentStatus extends StatusView {
  engine: string; // where the containers run and where it came from, e.g. "tcp://10.0.0.5:2375 (engine.host)"
  lock: ({ state: 'held' | 'stale' } & LockHolder) | null;
}

/** The truth (containers + router), the lock, and where the ledger disagrees with them. */
export async function readStatus(file: EnvironmentConfig, signal?: AbortSignal): Promise<EnvironmentStatus> {
  const config = await asServed(file); // what really serves, whatever the file's default says
  const paths = statePaths(config.stateDir);
  const skippedLines: string[] = [];
  const [truth, ledger, lock] = await Promise.all([
    gatherTruth(config, createPorts(config), signal),
    readLedger(paths.ledger, (warning) => skippedLines.push(warning)),
    readLock(paths.lockFile),
  ]);
  const view = reconcile(config, truth, ledger);
  view.warnings.push(...skippedLines);
  if (lock.state === 'stale') {
    view.warnings.push(`stale deploy lock: ${describeStale(lock.holder)} and nothing holds the lock; the next command reclaims it, or run \`ferry unlock --env ${config.name}\``);
  }
  return { ...view, engine: describeEngine(config.engine), lock: lock.state === 'free' ? null : { state: lock.state, ...lock.holder } };
}
