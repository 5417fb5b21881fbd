// What `ferry promote` and `ferry abort` act on: the one decision of what is in progress beside the release
// that serves: a staged blue-green release (deploy --no-switch), or a canary's split that no deploy runs any more
// (its deploy was killed: the router still splits; a canary whose deploy runs takes the request itself).
import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { FerryContainer } from '../ports/docker/types.js';
import type { LedgerEntry } from '../state/ledger.js';
import { stagedContainer } from '../state/staged.js';
import { driftFix, routerDrift, type Truth } from '../state/truth.js';
import type { Split } from '../ports/router/types.js';
import { describeSplit } from '../ports/router/split-change.js';
import { SET_ASIDE } from './names.js';
import { activeRelease, targetSlot, type ActiveRelease, type TargetSlot } from './deploy-plan.js';

export type InProgress =
  | { kind: 'staged'; active: ActiveRelease | null; staged: FerryContainer; target: TargetSlot }
  | { kind: 'canary'; active: ActiveRelease; canary: FerryContainer; target: TargetSlot; split: Split }
  | { kind: 'nothing'; reason: string };

/** The container a promote switches to and an abort removes. */
export const candidateOf = (plan: Exclude<InProgress, { kind: 'nothing' }>): FerryContainer => (plan.kind === 'canary' ? plan.canary : plan.staged);

/** What is in progress: a staged release (its container, the slot a promote switches to), or nothing (and why). */
export function planPromote(config: EnvironmentConfig, truth: Truth, ledger: LedgerEntry[]): InProgress {
  const split = truth.router.split;
  const active = activeRelease(config, truth);
  const canary = split && truth.containers.find((c) => c.colour === split.canary.colour && c.state === 'running' && c.version === split.canary.version && !c.name.includes(SET_ASIDE));
  if (split && canary && active) return { kind: 'canary', active, canary, target: targetSlot(config, canary.colour, canary.version), split };
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
export function requireInProgress(config: EnvironmentConfig, truth: Truth, ledger: LedgerEntry[], command: 'promote' | 'abort'): Exclude<InProgress, { kind: 'nothing' }> {
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
  if (plan.kind === 'canary') {
    return [
      `traffic now: split ${describeSplit(plan.split)} (a canary whose deploy no longer runs)`,
      command === 'promote' ? `switch the router to ${plan.canary.colour} (${plan.canary.version}) alone` : `weight 0: ${plan.active.colour} (${plan.active.version}) alone, then drain and remove ${plan.canary.colour} (${plan.canary.version})`,
    ];
  }
  const { staged, active } = plan;
  return [
    active ? `traffic now: ${active.version} on ${active.colour}` : 'traffic now: none',
    `staged: ${staged.version} on ${staged.colour} (container ${staged.id.slice(0, 12)}, ${staged.state}, health ${staged.health})`,
    command === 'promote'
      ? `health-gate ${staged.colour} again, then switch the router to it`
      : `drain and remove ${staged.colour} (${staged.version}); traffic is not touched`,
  ];
}
