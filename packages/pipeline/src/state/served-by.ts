import type { Colour, EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import type { LiveProbe } from '../ports/router/types.js';
import { coloursOnLoopback, routedPort } from '../planning/names.js';

/**
 * The colour whose container really answered a probe: its X-Ferry-Upstream (nginx's $upstream_addr) matched
 * against each running colour's address. The X-Ferry-Colour header only says what the router's config calls
 * the answer, and a config edited by hand can call one colour's container by the other's name.
 * Null when the address is no running colour's (or nothing reached an app); undefined when nothing answered.
 */
export function answeringColour(config: EnvironmentConfig, containers: FerryContainer[], live: LiveProbe | null): Colour | null | undefined {
  if (!live) return undefined;
  const address = lastUpstreamAddress(live.upstream);
  if (address === null) return null;
  const match = containers.find((c) => c.state === 'running' && addressesOfColour(config, c).includes(address));
  return match?.colour ?? null;
}

/** Where the router reaches a colour's container: its loopback port, or its IP on a network at the app's port. */
export function addressesOfColour(config: EnvironmentConfig, container: FerryContainer): string[] {
  if (coloursOnLoopback(config)) return [`127.0.0.1:${routedPort(config, container.colour)}`];
  return (container.addresses ?? []).map((ip) => `${ip}:${config.container.port}`);
}

/** $upstream_addr lists every server tried ("a:1, b:1", or "a:1 : b:1" across an internal redirect): the last one answered. */
export function lastUpstreamAddress(upstream: string | null): string | null {
  const last = upstream?.split(/,|\s:\s/).pop()?.trim();
  return last ? last : null;
}
