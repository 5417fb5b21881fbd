import type { Colour, EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import type { LiveProbe, RouterTarget, Split } from '../ports/router/types.js';
import { routerTitle, routerUrl, SET_ASIDE } from '../planning/names.js';
import { changesTraffic, type LedgerEntry } from './ledger.js';
import { ROUTER_DOWN, ROUTER_ERRORS, servingVerdict, type ServingVerdict } from './serving.js';
import { stagedContainer } from './staged.js';
import { previewUrl } from '../planning/preview.js';

/** What really exists: containers by label, the router's config on disk and what it answers live. */
export interface Truth {
  containers: FerryContainer[];
  router: {
    running: boolean;
    configured: RouterTarget | null;
    live: LiveProbe | null;
    answeredBy?: Colour | null; // the colour whose container's address answered the probe (served-by.ts); null: none of ours
    configError?: string; // the router's upstream file is not Ferry's: why it could not be read
    split?: Split | null; // a weighted split its file records (a canary): answers from either of its colours are no drift
  };
}

export interface ColourView {
  colour: Colour;
  version: string;
  state: string;
  health: string;
  containerId: string;
  imageId: string;
  replicas?: ReplicaView[]; // a colour of several containers (container/replicas): each one, by name
}

export interface ReplicaView {
  name: string;
  version: string;
  state: string;
  health: string;
}

export interface StatusView {
  env: string;
  routedColour: Colour | null;
  active: ColourView | null;
  standby: ColourView | null;
  // a release staged beside the serving one (deploy --no-switch): the idle colour's container newer than the last release (staged.ts)
  staged: (ColourView & { previewUrl: string | null }) | null;
  // listen: router/listen; url: where ferry reached it (router/public_url); title: nginx, or the router container's name
  router: { running: boolean; configuredColour: Colour | null; liveColour: Colour | null; listen: string; url: string; title: string; split: Split | null };
  lastRelease: LedgerEntry | null;
  serving: ServingVerdict; // not_serving: `ferry status` exits 3
  drift: string[]; // how the router disagrees with what Ferry wrote (routerDrift): a deploy refuses until repaired or forced
  warnings: string[]; // the serving problems first, then every other disagreement
}

function view(container: FerryContainer | undefined, truth?: Truth): ColourView | null {
  if (!container) return null;
  const { colour, version, state, health, id, imageId } = container;
  const ofColour = (truth?.containers ?? []).filter((c) => c.colour === colour && !c.name.includes(SET_ASIDE)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const replicas = ofColour.length > 1 ? { replicas: ofColour.map((c) => ({ name: c.name, version: c.version, state: c.state, health: c.health })) } : {};
  return { colour, version, state, health, containerId: id.slice(0, 12), imageId, ...replicas };
}

export function otherColour(colour: Colour): Colour {
  return colour === 'blue' ? 'green' : 'blue';
}

/**
 * The colour traffic really goes to: the container that answered through the router beats what the answer is
 * labelled, which beats what the router's file says.
 */
export function routedColour(truth: Truth): Colour | null {
  const { running, live, answeredBy, configured } = truth.router;
  // a split answers from both of its colours: the stable one is the release that serves, the canary its standby
  if (running && live && answeredFromSplit(truth)) return truth.router.split!.stable.colour;
  if (running && live) return answeredBy ?? live.colour;
  return configured?.colour ?? null;
}

/**
 * Every way the router disagrees with what Ferry wrote: a deploy refuses to start on any of them (exit 2)
 * unless forced, because its plan would rest on a picture that is not the one traffic follows.
 */
export function routerDrift(truth: Truth): string[] {
  return [...(truth.router.configError ? [truth.router.configError] : []), ...routingDrift(truth)];
}

/** The router sends requests somewhere its labels do not say: a switch confirmed by those labels would prove nothing. */
export function routingDrift(truth: Truth): string[] {
  const { running, live, answeredBy } = truth.router;
  const drift: string[] = [];
  if (!running || !live) return drift;
  if (answeredBy && live.colour && answeredBy !== live.colour) {
    drift.push(`the router labels its answers ${live.colour} but they come from the ${answeredBy} container (${live.upstream}): its config was changed outside Ferry`);
  } else if (answeredBy === null && live.upstream && !ROUTER_ERRORS.includes(live.status)) {
    drift.push(`the router answers from ${live.upstream}, which is no running container of this environment: its config was changed outside Ferry`);
  }
  return [...drift, ...splitDrift(truth)];
}

/** A split whose colours are not the containers that run: its weight goes to nothing, or to what it does not name. */
function splitDrift(truth: Truth): string[] {
  const split = truth.router.split;
  if (!split) return [];
  return [split.stable, split.canary].flatMap((target) =>
    truth.containers.some((c) => c.colour === target.colour && c.state === 'running')
      ? []
      : [`the router's split sends ${target === split.canary ? split.canaryPercent : 100 - split.canaryPercent} % of requests to ${target.colour} ${target.version}, but no ${target.colour} container runs`],
  );
}

/** The probe was answered by a colour of the recorded split, labelled as the container that answered. */
function answeredFromSplit(truth: Truth): boolean {
  const { split, live, answeredBy } = truth.router;
  const colours = split ? [split.stable.colour, split.canary.colour] : [];
  return !!answeredBy && colours.includes(answeredBy) && (live?.colour ?? answeredBy) === answeredBy;
}

/** The file on disk and what nginx loaded differ (a switch cut short): a warning; the next switch writes the file anew. */
function switchCutShort(truth: Truth): string | null {
  const { running, live, answeredBy, configured } = truth.router;
  const serving = running && live ? (answeredBy ?? live.colour) : null;
  if (!configured || !serving || serving === configured.colour || answeredFromSplit(truth)) return null;
  return `the router's config on disk says ${configured.colour} but it serves ${serving} (a switch cut short?): a restart of the router would switch traffic; the next deploy or rollback writes it anew`;
}

/** The fix every drift message ends with. */
export const driftFix = (env: string): string =>
  `\`ferry repair --env ${env}\` rewrites the router's config from what serves now (confirmed by probe); \`--force\` makes the deploy do that first, never touching the container that serves`;

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
  const drift = routerDrift(truth);
  if (drift.length > 0) warnings.push(...drift, `to fix: ${driftFix(config.name)}`);
  const cutShort = switchCutShort(truth);
  if (cutShort) warnings.push(cutShort);
  if (active && lastRelease && lastRelease.tag !== active.version) {
    warnings.push(`history says ${lastRelease.tag} was the last successful release, but ${active.version} is serving (an interrupted command?)`);
  }
  if (active && !lastRelease) warnings.push(`history has no successful release, but ${active.version} is serving`);
  const staged = stagedContainer(truth, ledger);
  return {
    env: config.name,
    routedColour: routed,
    active: view(active, truth),
    standby: view(standby, truth),
    staged: staged && { ...view(staged)!, previewUrl: previewUrl(config, staged.colour) },
    router: {
      running,
      configuredColour: configured?.colour ?? null,
      liveColour: live?.colour ?? null,
      listen,
      url,
      title: routerTitle(config),
      split: truth.router.split ?? null,
    },
    lastRelease,
    serving,
    drift,
    warnings,
  };
}
