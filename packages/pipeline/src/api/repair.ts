// `ferry repair`: Ferry owns the router's config. When it was edited by hand or is garbage, this rewrites
// it from what really serves (the container answering through the router), tests it, reloads, and proves
// by probe that the same container still answers, now under Ferry's own config.
import type { EnvironmentConfig } from '../config/types.js';
import { FerryError } from '../errors.js';
import type { FlowPorts } from '../flows/context.js';
import { createPorts } from '../flows/ports.js';
import { lastReleasedOf, planRepair, type LastReleased, type RepairPlan } from '../planning/repair-plan.js';
import { readLedger } from '../state/ledger.js';
import { pollUntil } from '../ports/router/poll.js';
import type { Router, RouterTarget } from '../ports/router/types.js';
import { gatherTruth } from '../state/gather-truth.js';
import { acquireLock } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { routedColour, routerDrift, type Truth } from '../state/truth.js';

export interface RepairResult {
  env: string;
  found: string[]; // what was wrong (routerDrift) before the rewrite; empty: the config was already Ferry's
  serving: RouterTarget;
  why: string;
  confirmed: boolean; // a probe after the rewrite was answered by the serving colour's container, under no drift
}

export async function repairRouter(config: EnvironmentConfig, command: string, signal?: AbortSignal): Promise<RepairResult> {
  const ports = createPorts(config);
  await ports.docker.ping();
  const lock = await acquireLock(statePaths(config.stateDir).lockFile, command);
  try {
    const [before, ledger] = await Promise.all([gatherTruth(config, ports, signal), readLedger(statePaths(config.stateDir).ledger, () => undefined)]); // status and history name the lines it skips
    const { target, why } = await rewriteForServing(config, ports, before, lastReleasedOf(ledger), signal);
    return { env: config.name, found: routerDrift(before), serving: target, why, confirmed: true };
  } finally {
    await lock.release();
  }
}

/**
 * Rewrite the router's config for what serves (`before`, read under the caller's lock) and prove it: afterwards the
 * same colour's container answers, under labels that say so. Also a forced deploy's first change on a drifted router.
 */
export async function rewriteForServing(config: EnvironmentConfig, ports: FlowPorts, before: Truth, lastReleased: LastReleased | null, signal?: AbortSignal): Promise<RepairPlan> {
  const plan = planRepair(config, before, lastReleased);
  const { target } = plan;
  // a router that does not run or never answers (restarted on a config nginx refuses: a loop of failed starts) starts on Ferry's config first
  if (!before.router.running || (before.router.live === null && !(await answersSoon(ports.router, signal)))) await ports.router.startOn(target);
  // the upstream first (a garbage one fails every nginx -t), then the main config if it is not Ferry's
  await ports.router.switchTo(target, { signal, fresh: true });
  await ports.router.ensureRunning();
  const after = await gatherTruth(config, ports, signal);
  const left = routerDrift(after);
  if (left.length > 0 || routedColour(after) !== target.colour) {
    throw new FerryError(`${config.name}: the router's config was rewritten for ${target.colour} (${target.version}), but the router does not answer from it: ${left.join('; ') || `it answers from ${routedColour(after) ?? 'nothing'}`}`);
  }
  return plan;
}

const ANSWER_WAIT_MS = 5000;

/** Whether the router answers at all within a few seconds: a busy one does; one that fails every start never does. */
function answersSoon(router: Router, signal?: AbortSignal): Promise<boolean> {
  return pollUntil(async () => (await router.probe(signal)) !== null, ANSWER_WAIT_MS, signal);
}
