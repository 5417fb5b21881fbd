import { readStatus, type EnvironmentStatus } from '../../api/status.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { describeSplit } from '../../ports/router/split-change.js';
import { describeCanaryStep } from '../../state/canary-position.js';
import { describeHolder } from '../../state/lock.js';
import type { ColourView } from '../../state/truth.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';
import { previewWays } from '../../planning/preview.js';

/** The truth (containers + router), the lock, and where the ledger disagrees with them; exit 3 when the active release does not serve. */
export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const view = await readStatus(config);
  const exitCode = statusExitCode(view);
  if (args.json) {
    printJson({ ...view, exitCode });
    return exitCode;
  }
  const problems = new Set(view.serving.problems);
  printLines([
    `environment: ${config.name} (router ${view.router.listen}${reachedAt(view)}, ${view.router.title} ${view.router.running ? 'running' : 'NOT running'})`,
    `engine:  ${view.engine}`,
    `serving: ${describeServing(view)}`,
    `active:  ${describe(view.active)}`,
    ...replicaLines(view.active),
    `standby: ${describe(view.standby)}`,
    ...replicaLines(view.standby),
    ...(view.staged ? [`staged:  ${describe(view.staged)}; not live`, `preview: ${previewWays(config, view.staged.colour)}`, `         ferry promote --env ${config.name} switches to it, ferry abort --env ${config.name} removes it`] : []),
    // a canary's weights, as the router's own config records them
    ...(view.router.split ? [`split:   ${describeSplit(view.router.split)}`] : []),
    ...(view.canary ? [`         ${describeCanaryStep(view.canary)}`] : []),
    `lock:    ${view.lock ? `${view.lock.state}: ${describeHolder(view.lock)}` : 'free'}`,
    `last release: ${view.lastRelease ? `${view.lastRelease.tag} (${view.lastRelease.action}, ${view.lastRelease.endedAt})` : 'none'}`,
    ...view.warnings.filter((w) => !problems.has(w)).map((w) => `warning: ${w}`),
  ]);
  return exitCode;
}

/** Where ferry reached the router, when that is not what router/listen says (a remote engine, router/public_url). */
function reachedAt(view: EnvironmentStatus): string {
  return view.router.url === `http://${view.router.listen}` ? '' : ` reached at ${view.router.url}`;
}

/** A check cron and CI can use: 3 (a human must act) when the active release does not serve. */
export function statusExitCode(view: Pick<EnvironmentStatus, 'serving'>): ExitCodeValue {
  return view.serving.state === 'not_serving' ? ExitCode.failedUnrecovered : ExitCode.ok;
}

function describeServing(view: EnvironmentStatus): string {
  if (view.serving.state === 'nothing_deployed') return 'nothing deployed yet';
  if (view.serving.state === 'serving') return `yes, ${view.active!.version} on ${view.active!.colour} answers through the router`;
  return `NO (exit 3, a human must act): ${view.serving.problems.join('; ')}`;
}

/** A colour of several containers: one line each, under the colour's. */
function replicaLines(v: ColourView | null): string[] {
  return (v?.replicas ?? []).map((r) => `         replica ${r.name}: ${r.version} — ${r.state}, health ${r.health}`);
}

function describe(v: ColourView | null): string {
  return v ? `${v.version} on ${v.colour} — ${v.state}, health ${v.health} (container ${v.containerId})` : 'none';
}
