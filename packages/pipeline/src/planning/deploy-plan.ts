import type { Colour, EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import { ConfigError } from '../errors.js';
import { containerOf, driftFix, otherColour, routedColour, routerDrift, type Truth } from '../state/truth.js';
import { colourAddress, containerName, imageRef, replicaNames, routedPort } from './names.js';

export interface ActiveRelease {
  colour: Colour;
  version: string;
  containerId: string;
  port: number;
}

export interface TargetSlot {
  colour: Colour;
  port: number;
  containerName: string; // the first replica's; the colour's name on the environment's network
  replicas: string[]; // every replica's container name, the first one's first (container/replicas)
  address: string; // where it listens, for humans: 127.0.0.1:<port>, or <port> on the environment's network
  image: string;
  version: string;
}

export type DeployPlan =
  | { kind: 'noop'; reason: string; active: ActiveRelease }
  | { kind: 'deploy'; active: ActiveRelease | null; target: TargetSlot; replaces: FerryContainer | null; drift: string[] }; // drift: forced past it, the router is repaired first

export function activeRelease(config: EnvironmentConfig, truth: Truth): ActiveRelease | null {
  const colour = routedColour(truth);
  const container = containerOf(truth, colour);
  if (!colour || !container || container.state !== 'running') return null;
  return { colour, version: container.version, containerId: container.id, port: routedPort(config, colour) };
}

/** The colour not routed to, running and healthy (or with no HEALTHCHECK), when the routed one is not running. */
export function healthyStandby(truth: Truth): FerryContainer | undefined {
  const routed = routedColour(truth);
  if (!routed || containerOf(truth, routed)?.state === 'running') return undefined;
  const standby = containerOf(truth, otherColour(routed));
  return standby?.state === 'running' && (standby.health === 'healthy' || standby.health === 'none') ? standby : undefined;
}

export function targetSlot(config: EnvironmentConfig, colour: Colour, tag: string): TargetSlot {
  return {
    colour,
    port: routedPort(config, colour),
    containerName: containerName(config, colour),
    replicas: replicaNames(config, colour),
    address: colourAddress(config, colour),
    image: imageRef(config, tag),
    version: tag,
  };
}

/**
 * Decide where a new tag goes: always the colour traffic is NOT on, so the live one is never touched. Refused
 * (exit 2, nothing changed) when the router disagrees with what Ferry wrote (unless forced), and whenever the
 * routed colour is dead while the standby is the only healthy container: its slot is the way back to service.
 */
export function planDeploy(config: EnvironmentConfig, truth: Truth, tag: string, force: boolean): DeployPlan {
  const drift = routerDrift(truth);
  if (drift.length > 0 && !force) {
    throw new ConfigError(`${config.name}: the router does not route the way Ferry wrote it, so a deploy planned from its config could replace what serves; nothing was changed. ${drift.join('. ')}. To fix: ${driftFix(config.name)}.`);
  }
  const active = activeRelease(config, truth);
  const survivor = active ? undefined : healthyStandby(truth);
  if (survivor) {
    throw new ConfigError(
      `${config.name}: traffic is routed to ${routedColour(truth)}, whose container is not running, and ${survivor.colour} (${survivor.version}) is the only healthy container; a deploy would take its slot. ` +
        `Restore service first: \`ferry rollback --env ${config.name}\` switches to ${survivor.colour} at once; then deploy. Nothing was changed.`,
    );
  }
  if (active && active.version === tag && !force) {
    return { kind: 'noop', reason: `${tag} is already active on ${active.colour}; nothing to do (use --force to redeploy it)`, active };
  }
  // With nothing routed, avoid a colour whose container might still be serving someone.
  const routed = routedColour(truth);
  const colour: Colour = routed ? otherColour(routed) : 'blue';
  const replaces = containerOf(truth, colour) ?? null;
  if (replaces && replaces.state === 'running' && truth.router.answeredBy === colour) {
    // a forced deploy over a drifted router still never replaces the container traffic reaches
    throw new ConfigError(`${config.name}: the router sends traffic to the ${colour} container, the slot this deploy would use; nothing was changed. To fix: ${driftFix(config.name)}.`);
  }
  return { kind: 'deploy', active, target: targetSlot(config, colour, tag), replaces, drift };
}

export function describeDeployPlan(plan: DeployPlan, staged = false): string[] {
  if (plan.kind === 'noop') return [plan.reason];
  const lines = [
    ...(plan.drift.length > 0 ? [`router drift (--force): rewrite its config for what serves before anything else (${plan.drift.length} finding(s))`] : []),
    plan.active ? `traffic now: ${plan.active.version} on ${plan.active.colour} (:${plan.active.port})` : 'traffic now: none (first release)',
    `start ${plan.target.image} as ${plan.target.containerName} on ${plan.target.address}`,
  ];
  if (plan.replaces) lines.push(`replace idle ${plan.replaces.colour} container (${plan.replaces.version}, ${plan.replaces.state})`);
  lines.push(staged ? `health-gate, then stop: ${plan.target.colour} stays staged, not live (no switch)` : `health-gate, then switch the router to ${plan.target.colour}`);
  return lines;
}
