// A staged release (deploy --no-switch, strategy/auto_promote: false), read from what exists, never from a note:
// the colour traffic is not routed to runs a container created after the last release that changed traffic began.
// A standby kept warm (strategy/keep_previous) was created before it; whatever that release started, it routed.
import { SET_ASIDE } from '../planning/names.js';
import type { FerryContainer } from '../ports/docker/types.js';
import { changesTraffic, type LedgerEntry } from './ledger.js';
import { routedColour, type Truth } from './truth.js';

/** The running container of the colour that is not routed, newer than the last release; null when none is. */
export function stagedContainer(truth: Truth, ledger: LedgerEntry[]): FerryContainer | null {
  if (truth.router.split) return null; // a canary's colour gets its share of the traffic: live, not staged
  const routed = routedColour(truth);
  const last = [...ledger].reverse().find((entry) => entry.outcome === 'succeeded' && changesTraffic(entry));
  // the engine's list gives whole seconds: a container of the last release's own second counts as older
  const since = last ? Date.parse(last.startedAt) : -Infinity;
  const staged = truth.containers.filter(
    (c) => c.colour !== routed && c.state === 'running' && !c.name.includes(SET_ASIDE) && Date.parse(c.createdAt) > since,
  );
  return staged.length === 1 ? staged[0]! : null;
}
