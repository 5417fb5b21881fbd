import { routerPublicAddress } from '../config/router-address.js';
import { FerryError } from '../errors.js';
import type { Colour, EnvironmentConfig } from '../config/types.js';
import { hostPort } from '../ports/router/nginx-config.js';
import { environmentNetworkName, routerContainerName } from '../ports/router/container-describe.js';
import { replicaAlias, replicaContainer } from '../ports/router/replica-preview.js';

// Marks a container a deploy set aside; cleanup removes such containers once the release stands.
export const SET_ASIDE = '-replaced-';

export function containerName(config: EnvironmentConfig, colour: Colour): string {
  return `${config.app}-${config.name}-${colour}`;
}

/**
 * Each replica's container name: the first keeps the colour's own name (so one replica is what it always was),
 * the others add their number: demo-prod-blue, demo-prod-blue-2, demo-prod-blue-3.
 */
export function replicaNames(config: EnvironmentConfig, colour: Colour): string[] {
  const base = containerName(config, colour);
  // never none: a colour with no container would pass any gate
  return Array.from({ length: Math.max(1, config.container.replicas ?? 1) }, (_, i) => replicaContainer(base, i + 1));
}

/**
 * The network aliases of replica `index` (1-based) of a colour named `base`: every replica answers to `base` (the
 * router's by-name route and its upstream block reach them all), and each to `base-<index>` (the health gate's
 * preview reaches one). The first is `base` itself, the others are `base-<index>` themselves: each gets the other.
 */
export function replicaAliases(base: string, index: number): string[] {
  return [index === 1 ? replicaAlias(base, 1) : base];
}

export function imageRef(config: EnvironmentConfig, tag: string): string {
  return `${config.image.name}:${tag}`;
}

/** The router as ferry reaches it from this machine (router/public_url, else from router/listen and the engine). */
export function routerAddress(config: EnvironmentConfig): { host: string; port: number } {
  return routerPublicAddress(config.router, config.engine.host);
}

export function routerUrl(config: EnvironmentConfig, path = ''): string {
  return `${config.router.tls ? 'https' : 'http'}://${hostPort(routerAddress(config))}${path}`;
}

/**
 * The colours listen on this host's loopback at router/ports (host router, or apps on container/network host,
 * whose router container shares the host's network); otherwise on the environment's network at the app's port.
 */
export function coloursOnLoopback(config: EnvironmentConfig): boolean {
  return config.router.runtime === 'host' || config.container.network === 'host';
}

/** The port the router forwards a colour to: its loopback port, or the app's own port on the environment's network. */
export function routedPort(config: EnvironmentConfig, colour: Colour): number {
  return coloursOnLoopback(config) ? colourHostPort(config, colour) : config.container.port;
}

/** A colour's host port; the loader requires router/ports whenever the colours listen on the loopback. */
function colourHostPort(config: EnvironmentConfig, colour: Colour): number {
  const port = config.router.ports?.[colour];
  if (port === undefined) throw new FerryError(`router/ports/${colour} is missing; router/runtime host and container/network host need a host port per colour`);
  return port;
}

/** Where a colour listens, for humans. */
export function colourAddress(config: EnvironmentConfig, colour: Colour): string {
  return coloursOnLoopback(config)
    ? `127.0.0.1:${colourHostPort(config, colour)}`
    : `port ${config.container.port} on network ${environmentNetworkName({ app: config.app, env: config.name })}`;
}

/** What `ferry status` calls the router. */
export function routerTitle(config: EnvironmentConfig): string {
  return config.router.runtime === 'container' ? `router container ${routerContainerName({ app: config.app, env: config.name })}` : 'nginx';
}
