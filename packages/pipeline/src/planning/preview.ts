// Where a staged release (the colour that does not serve) answers for people and for `ferry validate --preview`.
import { routerPublicAddress } from '../config/router-address.js';
import type { Colour, EnvironmentConfig } from '../config/types.js';
import { hostPort } from '../ports/router/nginx-config.js';
import { colourAddress, routerUrl } from './names.js';

/** router/preview_listen as this machine reaches it; the host router's colours on their own loopback port; else null (the preview header only). */
export function previewUrl(config: EnvironmentConfig, colour: Colour, path = ''): string | null {
  const { previewListen, tls } = config.router;
  if (previewListen) {
    const at = routerPublicAddress({ runtime: config.router.runtime, listen: previewListen }, config.engine.host);
    return `${tls ? 'https' : 'http'}://${hostPort(at)}${path}`;
  }
  return config.router.runtime === 'host' ? `http://${colourAddress(config, colour)}${path}` : null;
}

/** For the output of a staged deploy and `ferry status`: the address, or how to reach it without one. */
export function previewWays(config: EnvironmentConfig, colour: Colour): string {
  const url = previewUrl(config, colour);
  if (url) return `${url} (ferry validate --env ${config.name} --preview checks it)`;
  return `no router/preview_listen: only through the router at ${routerUrl(config)} with its preview header (ferry validate --env ${config.name} --preview checks it that way)`;
}
