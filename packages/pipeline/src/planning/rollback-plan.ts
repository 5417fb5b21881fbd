import type { Colour, EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { changesTraffic, releasedTags, type LedgerEntry } from '../state/ledger.js';
import { stagedContainer } from '../state/staged.js';
import { containerOf, otherColour, routedColour, routingDrift, type Truth } from '../state/truth.js';
import { activeRelease, healthyStandby, targetSlot, type ActiveRelease, type TargetSlot } from './deploy-plan.js';

export type RollbackPlan =
  | { kind: 'noop'; reason: string; active: ActiveRelease }
  | { kind: 'warm'; active: ActiveRelease | null; target: TargetSlot; containerId: string; note?: string } // active null: the routed colour is dead
  | { kind: 'cold'; active: ActiveRelease; target: TargetSlot; pull?: boolean; note?: string }; // pull: the image is pulled from image/registry first
// note: why the target is not the one the history names (the running standby disagreed with it)

/** Pick the version to return to, and whether its container is still there to switch back to. */
export function planRollback(config: EnvironmentConfig, truth: Truth, ledger: LedgerEntry[], to?: string): RollbackPlan {
  const misrouted = routingDrift(truth);
  if (misrouted.length > 0) {
    // its switch is confirmed by the labels the router answers with, and those are what is wrong
    throw new ConfigError(`${config.name}: the router does not route the way Ferry wrote it, so a rollback could not prove where traffic goes; nothing was changed. ${misrouted.join('. ')}. Run \`ferry repair --env ${config.name}\` first (it keeps what serves), then roll back.`);
  }
  const active = activeRelease(config, truth);
  if (!active) return toHealthyStandby(config, truth, ledger, to);
  const idle: Colour = otherColour(active.colour);
  const idleContainer = containerOf(truth, idle);
  // a staged release (deploy --no-switch) is no earlier release: `ferry promote` puts it live, with its checks
  const standby = idleContainer && idleContainer === stagedContainer(truth, ledger) ? undefined : idleContainer;
  const { tag, note } = to === undefined ? previousTag(config.name, ledger, active.version, standby) : { tag: tagOfTarget(config.name, ledger, to), note: undefined };
  if (!tag) {
    throw new ConfigError(`${config.name}: no earlier release is known (history is empty and no standby container exists). Name one with --to TAG.`);
  }
  if (tag === active.version) return { kind: 'noop', reason: `${tag} is already active on ${active.colour}`, active };
  const target = targetSlot(config, idle, tag);
  if (standby && standby.state === 'running' && standby.version === tag) {
    return { kind: 'warm', active, target, containerId: standby.id, ...(note && { note }) };
  }
  return { kind: 'cold', active, target, ...(note && { note }) };
}

/** The routed colour is dead: the healthy standby is the fastest way back to service (a warm switch, no start). */
function toHealthyStandby(config: EnvironmentConfig, truth: Truth, ledger: LedgerEntry[], to?: string): RollbackPlan {
  const survivor = healthyStandby(truth);
  const wanted = to === undefined ? survivor?.version : tagOfTarget(config.name, ledger, to);
  if (!survivor || wanted !== survivor.version) {
    const standby = survivor ? ` The healthy standby runs ${survivor.version}: \`ferry rollback --env ${config.name}\` switches to it.` : '';
    throw new ConfigError(`${config.name}: nothing is being served and no running standby holds ${to ?? 'an earlier release'}, so there is nothing to switch back to.${standby} Deploy a tag with \`ferry deploy --env ${config.name} --tag T\`.`);
  }
  const dead = containerOf(truth, routedColour(truth));
  return {
    kind: 'warm',
    active: null,
    target: targetSlot(config, survivor.colour, survivor.version),
    containerId: survivor.id,
    note: `traffic is routed to ${routedColour(truth)}${dead ? ` (${dead.version}, ${dead.state})` : ''}, whose container is not running: switching to the healthy standby ${survivor.colour} (${survivor.version})`,
  };
}

/** `--to` names a tag, or the id of a release in the history that put a tag live (CI captures it before a deploy). */
function tagOfTarget(env: string, ledger: LedgerEntry[], to: string): string {
  const release = ledger.find((entry) => entry.id === to);
  if (!release) return to;
  if (release.outcome !== 'succeeded' || !changesTraffic(release)) {
    throw new ConfigError(`--to ${to}: that release (${release.action} of ${release.tag}) ended ${release.outcome} and put nothing live; pick a deploy or rollback that succeeded from \`ferry history --env ${env}\`, or name a tag.`);
  }
  return release.tag;
}

/**
 * The release before the active one. The running standby (its Docker label) wins over the history when
 * they disagree: Ferry left it there as the previous release, and a damaged or restored history must not
 * make a rollback cold-start an older version over it. Not when the history knows that tag only as failed.
 */
function previousTag(env: string, ledger: LedgerEntry[], activeVersion: string, standbyContainer?: { state: string; version: string }): { tag?: string; note?: string } {
  const fromHistory = releasedTags(ledger).find((tag) => tag !== activeVersion);
  if (fromHistory === undefined) return { tag: standbyContainer?.version }; // no history: the standby, running or not
  const running = standbyContainer?.state === 'running' ? standbyContainer.version : undefined;
  const standby = running !== undefined && running !== activeVersion && !knownOnlyAsFailed(ledger, running) ? running : undefined;
  if (standby === undefined || standby === fromHistory) return { tag: fromHistory };
  return {
    tag: standby,
    note: `the history names ${fromHistory} as the release before ${activeVersion}, but ${standby} runs on the standby: rolling back to ${standby}, the running one (for ${fromHistory}: ferry rollback --env ${env} --to ${fromHistory})`,
  };
}

function knownOnlyAsFailed(ledger: LedgerEntry[], tag: string): boolean {
  const ofTag = ledger.filter((e) => e.tag === tag && changesTraffic(e));
  return ofTag.length > 0 && ofTag.every((e) => e.outcome !== 'succeeded');
}

/** The image ID the last release of `tag` that put it live ran, to pin a pull of that tag to; null when unknown. */
export function releasedImageId(ledger: LedgerEntry[], tag: string): string | null {
  return [...ledger].reverse().find((e) => e.tag === tag && e.outcome === 'succeeded' && changesTraffic(e) && e.imageId)?.imageId ?? null;
}

export function describeRollbackPlan(plan: RollbackPlan): string[] {
  if (plan.kind === 'noop') return [plan.reason];
  const pull = plan.kind === 'cold' && plan.pull ? 'pull it from image/registry, ' : '';
  const how = plan.kind === 'warm' ? `switch back to the running ${plan.target.colour} container` : `${pull}start ${plan.target.image} on ${plan.target.colour}, health-gate, switch`;
  const now = plan.active ? `${plan.active.version} on ${plan.active.colour}` : 'none (the routed colour is not running)';
  return [`traffic now: ${now}`, `roll back to ${plan.target.version}: ${how} (${plan.kind})`, ...(plan.note ? [plan.note] : [])];
}
