import type { Colour, EnvironmentConfig } from '../config/types.js';

export function containerName(config: EnvironmentConfig, colour: Colour): string {
  return `${config.app}-${config.name}-${colour}`;
}

export function imageRef(config: EnvironmentConfig, tag: string): string {
  return `${config.image.name}:${tag}`;
}

/** The router as a client on this host reaches it: a 0.0.0.0 listener is reached on loopback. */
export function routerUrl(config: EnvironmentConfig, path = ''): string {
  const { host, port } = config.router.listen;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}${path}`;
}
