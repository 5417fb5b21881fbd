import { COLOURS, type Colour, type EnvironmentConfig } from '../config/types.js';
import { changesTraffic, type LedgerEntry } from '../state/ledger.js';
import { ConfigError } from '../errors.js';
import type { RouterTarget } from '../ports/router/types.js';
import { containerOf, type Truth } from '../state/truth.js';
import { routedPort } from './names.js';

export interface RepairPlan {
  target: RouterTarget; // what the rewritten config routes to: what serves now
  why: string; // how that was decided, for the user
}

/**
 * The release the router's rewritten config must route to, from what really serves: the colour whose container
 * answered through the router; else the colour the answers were labelled with, or the file named, when its
 * container runs. Never a guess between two running colours nothing routes to.
 */
export function planRepair(config: EnvironmentConfig, truth: Truth, lastReleased: LastReleased | null = null): RepairPlan {
  const { live, answeredBy, configured } = truth.router;
  const running = COLOURS.filter((colour) => containerOf(truth, colour)?.state === 'running');
  const candidates: { colour: RouterTarget['colour'] | null | undefined; why: string }[] = [
    { colour: answeredBy, why: 'its container answers through the router now' },
    { colour: live?.colour, why: "the router's answers are labelled with it and its container runs" },
    { colour: configured?.colour, why: "the router's saved config names it and its container runs" },
    // nothing answers (the router does not run): the history's last release, then the only colour running
    { colour: lastReleased?.colour, why: `the history's last release (${lastReleased?.version}) is on it and its container runs` },
    { colour: running.length === 1 ? running[0] : null, why: 'it is the only colour whose container runs' },
  ];
  for (const { colour, why } of candidates) {
    const container = colour ? containerOf(truth, colour) : undefined;
    if (colour && container?.state === 'running') return { target: { colour, port: routedPort(config, colour), version: container.version }, why: `${colour} (${container.version}): ${why}` };
  }
  throw new ConfigError(
    `${config.name}: no running container is routed to, so there is no serving release to rewrite the router's config for; nothing was changed. ` +
      `\`ferry rollback --env ${config.name}\` switches to a healthy standby, or deploy a tag with \`ferry deploy --env ${config.name} --tag T\`.`,
  );
}

/** The colour and tag the history last put live (a deploy or rollback that succeeded). */
export interface LastReleased {
  colour: Colour;
  version: string;
}

export function lastReleasedOf(ledger: LedgerEntry[]): LastReleased | null {
  const last = [...ledger].reverse().find((e) => e.outcome === 'succeeded' && changesTraffic(e) && e.toColour);
  return last ? { colour: last.toColour!, version: last.tag } : null;
}
