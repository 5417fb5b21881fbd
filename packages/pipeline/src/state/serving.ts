import type { Colour } from '../config/types.js';
import type { LiveProbe } from '../ports/router/types.js';

/** Whether the environment's active release really serves: what `ferry status` exits on (3 when it does not). */
export type ServingState = 'serving' | 'not_serving' | 'nothing_deployed';

export interface ServingVerdict {
  state: ServingState;
  problems: string[]; // why it does not serve, each a sentence naming what to do
}

// nginx's own answers when it cannot reach (or has no) upstream: the app never saw the request.
export const ROUTER_ERRORS = [502, 503, 504];

/**
 * Serving means: the router runs, answers through its listener without a gateway error, and the colour it
 * routes to has a running container. Nothing deployed yet (no colour routed, no release in the history) is
 * not a failure: nothing was meant to serve.
 */
export function servingVerdict(input: {
  routed: Colour | null;
  activeState: string | null; // Docker state of the routed colour's container, null when there is none
  routerRunning: boolean;
  live: LiveProbe | null; // one request through the router; null when it did not answer
  lastReleased: string | null; // tag of the last successful deploy or rollback in the history
  listen: string;
}): ServingVerdict {
  const { routed, activeState, routerRunning, live, lastReleased, listen } = input;
  if (routed === null && lastReleased === null) return { state: 'nothing_deployed', problems: [] };
  const problems: string[] = [];
  if (!routerRunning) problems.push(ROUTER_DOWN);
  else if (live === null) problems.push(`the router runs but does not answer on ${listen}: see its error log under the state dir`);
  else if (ROUTER_ERRORS.includes(live.status)) problems.push(`the router answers HTTP ${live.status} on ${listen}: it reaches no running release`);
  if (routed === null) problems.push(`history says ${lastReleased} was released, but the router routes to no colour: run \`ferry rollback\` or deploy now`);
  else if (activeState !== 'running') problems.push(`traffic is routed to ${routed} but no running ${routed} container exists: run \`ferry rollback\` or deploy now`);
  return { state: problems.length ? 'not_serving' : 'serving', problems };
}

export const ROUTER_DOWN = 'router (nginx) is not running: nothing is served until the next deploy or rollback starts it';
