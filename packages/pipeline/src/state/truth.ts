import type { Colour, EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import type { LiveProbe, RouterTarget } from '../ports/router/types.js';
import { routerTitle, routerUrl } from '../planning/names.js';
import { changesTraffic, type LedgerEntry } from './ledger.js';
import { ROUTER_DOWN, servingVerdict, type ServingVerdict } from './serving.js';

/** What really exists: containers by label, the router's config on disk and what it answers live. */
export interface Truth {
  containers: FerryContainer[];
  router: { running: boolean; configured: RouterTarget | null; live: LiveProbe | null };
}

export interface ColourView {
  colour: Colour;
  version: string;
  state: string;
  health: string;
  containerId: string;
  imageId: string;
}

export interface StatusView {
  env: string;
  routedColour: Colour | null;
  active: ColourView | null;
  standby: ColourView | null;
  // listen: router/listen; url: where ferry reached it (router/public_url); title: nginx, or the router container's name
  router: { running: boolean; configuredColour: Colour | null; liveColour: Colour | null; listen: string; url: string; title: string };
  lastRelease: LedgerEntry | null;
  serving: ServingVerdict; // not_serving: `ferry status` exits 3
  warnings: string[]; // the serving problems first, then every other disagreement
}

function view(container: FerryContainer | undefined): ColourView | null {
  if (!container) return null;
  const { colour, version, state, health, id, imageId } = container;
  return { colour, version, state, health, containerId: id.slice(0, 12), imageId };
}

export function otherColour(colour: Colour): Colour {
  return colour === 'blue' ? 'green' : 'blue';
}

/** The colour traffic really goes to: what the router answers beats what its file says. */
export function routedColour(truth: Truth): Colour | null {
  if (truth.router.running && truth.router.live) return truth.router.live.colour;
  return truth.router.configured?.colour ?? null;
}

/** The colour's container, preferring a running one over one a crashed deploy left stopped. */
export function containerOf(truth: Truth, colour: Colour | null): FerryContainer | undefined {
  const ofColour = truth.containers.filter((c) => c.colour === colour);
  return ofColour.find((c) => c.state === 'running') ?? ofColour[0];
}

/** Build `ferry status` from the truth, flagging every way the ledger or router disagree with it. */
export function reconcile(config: EnvironmentConfig, truth: Truth, ledger: LedgerEntry[]): StatusView {
  const routed = routedColour(truth);
  const active = containerOf(truth, routed);
  const standby = containerOf(truth, routed ? otherColour(routed) : null) ?? (routed ? undefined : truth.containers[0]);
  const lastRelease = [...ledger].reverse().find((e) => e.outcome === 'succeeded' && changesTraffic(e)) ?? null;
  const { configured, live, running } = truth.router;
  const listen = `${config.router.listen.host}:${config.router.listen.port}`;
  const url = routerUrl(config);
  const serving = servingVerdict({ routed, activeState: active?.state ?? null, routerRunning: running, live, lastReleased: lastRelease?.tag ?? null, listen: url });
  const warnings = [...serving.problems];
  if (!running && serving.state === 'nothing_deployed') warnings.push(ROUTER_DOWN);
  if (running && live && configured && live.colour !== configured.colour) {
    warnings.push(`router config on disk says ${configured.colour} but nginx serves ${live.colour ?? 'nothing'}: a switch was interrupted; the next deploy rewrites it`);
  }
  if (active && lastRelease && lastRelease.tag !== active.version) {
    warnings.push(`history says ${lastRelease.tag} was the last successful release, but ${active.version} is serving (an interrupted command?)`);
  }
  if (active && !lastRelease) warnings.push(`history has no successful release, but ${active.version} is serving`);
  return {
    env: config.name,
    routedColour: routed,
    active: view(active),
    standby: view(standby),
    router: {
      running,
      configuredColour: configured?.colour ?? null,
      liveColour: live?.colour ?? null,
      listen,
      url,
      title: routerTitle(config),
    },
    lastRelease,
    serving,
    warnings,
  };
}
