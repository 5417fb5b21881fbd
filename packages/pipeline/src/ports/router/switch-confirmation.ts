import type { LiveProbe, RouterTarget } from './types.js';

// nginx's own "upstream did not answer" statuses: routed to the target, but not served by it
const GATEWAY_ERRORS = new Set([502, 504]);

/** True when a probe proves the router now serves `target` (null: the "no active release" 503). */
export function servesTarget(probe: LiveProbe | null, target: RouterTarget | null): boolean {
  if (!probe) return false;
  if (!target) return probe.status === 503 && probe.colour === null && probe.upstream === null;
  return (
    probe.colour === target.colour &&
    (probe.upstream?.endsWith(`:${target.port}`) ?? false) &&
    !GATEWAY_ERRORS.has(probe.status)
  );
}

export function describeTarget(target: RouterTarget | null): string {
  return target ? `${target.colour} (127.0.0.1:${target.port}, ${target.version})` : 'no active release';
}

export function describeProbe(probe: LiveProbe | null): string {
  return probe
    ? `status ${probe.status}, X-Ferry-Colour ${probe.colour ?? '-'}, X-Ferry-Upstream ${probe.upstream ?? '-'}`
    : 'nothing answered';
}
