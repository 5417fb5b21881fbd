import { createPorts } from '../../flows/ports.js';
import { gatherTruth } from '../../state/gather-truth.js';
import { readLedger } from '../../state/ledger.js';
import { describeHolder, readLock } from '../../state/lock.js';
import { statePaths } from '../../state/paths.js';
import { reconcile, type ColourView } from '../../state/truth.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** The truth (containers + router), the lock, and where the ledger disagrees with them. */
export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const ports = createPorts(config);
  const paths = statePaths(config.stateDir);
  const [truth, ledger, lock] = await Promise.all([gatherTruth(config, ports), readLedger(paths.ledger), readLock(paths.lockFile)]);
  const view = reconcile(config, truth, ledger);
  if (lock.state === 'stale') view.warnings.push(`stale deploy lock: ${describeHolder(lock.holder)} is not running; the next deploy reclaims it, or run \`ferry unlock --env ${config.name}\``);
  const lockInfo = lock.state === 'free' ? null : { state: lock.state, ...lock.holder };
  if (args.json) {
    printJson({ ...view, lock: lockInfo });
    return 0;
  }
  printLines([
    `environment: ${config.name} (router ${view.router.listen}, ${view.router.running ? 'nginx running' : 'nginx NOT running'})`,
    `active:  ${describe(view.active)}`,
    `standby: ${describe(view.standby)}`,
    `lock:    ${lock.state === 'free' ? 'free' : `${lock.state}: ${describeHolder(lock.holder)}`}`,
    `last release: ${view.lastRelease ? `${view.lastRelease.tag} (${view.lastRelease.action}, ${view.lastRelease.endedAt})` : 'none'}`,
    ...view.warnings.map((w) => `warning: ${w}`),
  ]);
  return 0;
}

function describe(v: ColourView | null): string {
  return v ? `${v.version} on ${v.colour} — ${v.state}, health ${v.health} (container ${v.containerId})` : 'none';
}
