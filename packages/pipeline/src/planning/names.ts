import { FerryError } from '../errors.js';
import type { Colour, EnvironmentConfig } from '../config/types.js';
import { environmentNetworkName, routerContainerName } from '../ports/router/container-describe.js';

export function containerName(config: EnvironmentConfig, colour: Colour): string {
  return `${config.app}-${config.name}-${colour}`;
}

export function imageRef(config: EnvironmentConfig, tag: string): string {
  return `${config.image.name}:${tag}`;
}

/** The router as a client on this host reaches it: a 0.0.0.0 listener is reached on loopback. */
export function routerAddress(config: EnvironmentConfig): { host: string; port: number } {
  const { host, port } = config.router.listen;
  return { host: host === '0.0.0.0' ? '127.0.0.1' : host, port };
}

export function routerUrl(config: EnvironmentConfig, path = ''): string {
  const { host, port } = routerAddress(config);
  return `${config.router.tls ? 'https' : 'http'}://${host}:${port}${path}`;
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
