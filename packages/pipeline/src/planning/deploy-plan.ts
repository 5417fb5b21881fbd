import type { Colour, EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import { containerOf, otherColour, routedColour, type Truth } from '../state/truth.js';
import { colourAddress, containerName, imageRef, routedPort } from './names.js';

export interface ActiveRelease {
  colour: Colour;
  version: string;
  containerId: string;
  port: number;
}

export interface TargetSlot {
  colour: Colour;
  port: number;
  containerName: string;
  address: string; // where it listens, for humans: 127.0.0.1:<port>, or <port> on the environment's network
  image: string;
  version: string;
}

export type DeployPlan =
  | { kind: 'noop'; reason: string; active: ActiveRelease }
  | { kind: 'deploy'; active: ActiveRelease | null; target: TargetSlot; replaces: FerryContainer | null };

export function activeRelease(config: EnvironmentConfig, truth: Truth): ActiveRelease | null {
  const colour = routedColour(truth);
  const container = containerOf(truth, colour);
  if (!colour || !container || container.state !== 'running') return null;
  return { colour, version: container.version, containerId: container.id, port: routedPort(config, colour) };
}

export function targetSlot(config: EnvironmentConfig, colour: Colour, tag: string): TargetSlot {
  return {
    colour,
    port: routedPort(config, colour),
    containerName: containerName(config, colour),
    address: colourAddress(config, colour),
    image: imageRef(config, tag),
    version: tag,
  };
}

/** Decide where a new tag goes: always the colour traffic is NOT on, so the live one is never touched. */
export function planDeploy(config: EnvironmentConfig, truth: Truth, tag: string, force: boolean): DeployPlan {
  const active = activeRelease(config, truth);
  if (active && active.version === tag && !force) {
    return { kind: 'noop', reason: `${tag} is already active on ${active.colour}; nothing to do (use --force to redeploy it)`, active };
  }
  // With nothing routed, avoid a colour whose container might still be serving someone.
  const routed = routedColour(truth);
  const colour: Colour = routed ? otherColour(routed) : 'blue';
  const replaces = containerOf(truth, colour) ?? null;
  return { kind: 'deploy', active, target: targetSlot(config, colour, tag), replaces };
}

export function describeDeployPlan(plan: DeployPlan): string[] {
  if (plan.kind === 'noop') return [plan.reason];
  const lines = [
    plan.active ? `traffic now: ${plan.active.version} on ${plan.active.colour} (:${plan.active.port})` : 'traffic now: none (first release)',
    `start ${plan.target.image} as ${plan.target.containerName} on ${plan.target.address}`,
  ];
  if (plan.replaces) lines.push(`replace idle ${plan.replaces.colour} container (${plan.replaces.version}, ${plan.replaces.state})`);
  lines.push(`health-gate, then switch the router to ${plan.target.colour}`);
  return lines;
}
