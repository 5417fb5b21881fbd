import { routerPublicAddress } from '../config/router-address.js';
import { FerryError } from '../errors.js';
import type { Colour, EnvironmentConfig } from '../config/types.js';
import { hostPort } from '../ports/router/nginx-config.js';
import { environmentNetworkName, routerContainerName } from '../ports/router/container-describe.js';

export function containerName(config: EnvironmentConfig, colour: Colour): string {
  return `${config.app}-${config.name}-${colour}`;
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

/** The port the router forwards a colour to: its host port (host router), or the app's own port on the environment's network (router container). */
export function routedPort(config: EnvironmentConfig, colour: Colour): number {
  return config.router.runtime === 'container' ? config.container.port : colourHostPort(config, colour);
}

/** A colour's host port (host router); the loader requires router/ports with that runtime. */
function colourHostPort(config: EnvironmentConfig, colour: Colour): number {
  const port = config.router.ports?.[colour];
  if (port === undefined) throw new FerryError(`router/ports/${colour} is missing; router/runtime host needs a host port per colour`);
  return port;
}

/** Where a colour listens, for humans. */
export function colourAddress(config: EnvironmentConfig, colour: Colour): string {
  return config.router.runtime === 'container'
    ? `port ${config.container.port} on network ${environmentNetworkName({ app: config.app, env: config.name })}`
    : `127.0.0.1:${colourHostPort(config, colour)}`;
}

/** What `ferry status` calls the router. */
export function routerTitle(config: EnvironmentConfig): string {
  return config.router.runtime === 'container' ? `router container ${routerContainerName({ app: config.app, env: config.name })}` : 'nginx';
}
