// What `ferry promote` and `ferry abort` act on: the one decision of what is in progress beside the release
// that serves. Today a staged blue-green release (deploy --no-switch); a canary's step is the next kind.
import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { FerryContainer } from '../ports/docker/types.js';
import type { LedgerEntry } from '../state/ledger.js';
import { stagedContainer } from '../state/staged.js';
import { driftFix, routerDrift, type Truth } from '../state/truth.js';
import { activeRelease, targetSlot, type ActiveRelease, type TargetSlot } from './deploy-plan.js';

export type InProgress =
  | { kind: 'staged'; active: ActiveRelease | null; staged: FerryContainer; target: TargetSlot }
  | { kind: 'nothing'; reason: string };

/** What is in progress: a staged release (its container, the slot a promote switches to), or nothing (and why). */
export function planPromote(config: EnvironmentConfig, truth: Truth, ledger: LedgerEntry[]): InProgress {
  const staged = stagedContainer(truth, ledger);
  if (!staged) {
    return {
      kind: 'nothing',
      reason: `${config.name}: nothing is staged (no running container of the idle colour newer than the last release); stage one with \`ferry deploy --env ${config.name} --tag TAG --no-switch\``,
    };
  }
  return { kind: 'staged', active: activeRelease(config, truth), staged, target: targetSlot(config, staged.colour, staged.version) };
}

/** The staged release `ferry promote`/`ferry abort` acts on; exit 2 (nothing changed) when there is none or the router drifted. */
export function requireInProgress(config: EnvironmentConfig, truth: Truth, ledger: LedgerEntry[], command: 'promote' | 'abort'): Extract<InProgress, { kind: 'staged' }> {
  const drift = routerDrift(truth);
  if (drift.length > 0) {
    throw new ConfigError(`${config.name}: the router does not route the way Ferry wrote it, so ferry ${command} could not prove where traffic goes; nothing was changed. ${drift.join('. ')}. To fix: ${driftFix(config.name)}.`);
  }
  const plan = planPromote(config, truth, ledger);
  if (plan.kind === 'nothing') throw new ConfigError(`ferry ${command}: ${plan.reason}. Nothing was changed.`);
  return plan;
}

export function describeInProgress(plan: InProgress, command: 'promote' | 'abort'): string[] {
  if (plan.kind === 'nothing') return [plan.reason];
  const { staged, active } = plan;
  return [
    active ? `traffic now: ${active.version} on ${active.colour}` : 'traffic now: none',
    `staged: ${staged.version} on ${staged.colour} (container ${staged.id.slice(0, 12)}, ${staged.state}, health ${staged.health})`,
    command === 'promote'
      ? `health-gate ${staged.colour} again, then switch the router to it`
      : `drain and remove ${staged.colour} (${staged.version}); traffic is not touched`,
  ];
}
