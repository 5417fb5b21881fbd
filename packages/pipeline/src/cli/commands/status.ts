import { readStatus } from '../../api/status.js';
import { describeHolder } from '../../state/lock.js';
import type { ColourView } from '../../state/truth.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** The truth (containers + router), the lock, and where the ledger disagrees with them. */
export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const view = await readStatus(config);
  if (args.json) {
    printJson(view);
    return 0;
  }
  printLines([
    `environment: ${config.name} (router ${view.router.listen}, ${view.router.running ? 'nginx running' : 'nginx NOT running'})`,
    `active:  ${describe(view.active)}`,
    `standby: ${describe(view.standby)}`,
    `lock:    ${view.lock ? `${view.lock.state}: ${describeHolder(view.lock)}` : 'free'}`,
    `last release: ${view.lastRelease ? `${view.lastRelease.tag} (${view.lastRelease.action}, ${view.lastRelease.endedAt})` : 'none'}`,
    ...view.warnings.map((w) => `warning: ${w}`),
  ]);
  return 0;
}

function describe(v: ColourView | null): string {
  return v ? `${v.version} on ${v.colour} — ${v.state}, health ${v.health} (container ${v.containerId})` : 'none';
}
