import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { containerRouterOptions, hostRouterOptions } from '../flows/ports.js';
import { DockerEngine } from '../ports/docker/docker-engine.js';
import { engineTimeouts } from '../ports/docker/timeouts.js';
import { renderContainerMainConf } from '../ports/router/container-config.js';
import { snippetRefusal } from '../ports/router/container-config-check.js';
import { listenAt } from '../ports/router/container-tls.js';
import { NginxRouter } from '../ports/router/nginx.js';

/** What `ferry config check` says of nginx -t: run (ok) or not run (why); a refusal is exit 2. */
export interface NginxTest {
  ran: boolean;
  line: string;
}

/** `nginx -t` of the router config this environment would run: the host's nginx in a scratch dir, or a throwaway router container. */
export async function testRouterConfig(config: EnvironmentConfig): Promise<NginxTest> {
  if (config.router.runtime !== 'container') {
    const bin = await new NginxRouter(hostRouterOptions(config)).checkConfig();
    return { ran: true, line: `nginx -t: ok (${bin}, on a scratch copy)` };
  }
  const image = config.router.image;
  if (config.router.tls) return { ran: false, line: 'nginx -t: not run with router/tls (the certificate and key are tested in the router container by the first deploy)' };
  const opts = containerRouterOptions(config);
  const main = renderContainerMainConf({ ...opts, tls: undefined, listenAt: listenAt({ ...opts, tls: false }) });
  const docker = DockerEngine.at(config.engine.build, process.env, engineTimeouts(config.engine));
  let refusal: ConfigError | null;
  try {
    refusal = await snippetRefusal(docker, image, { app: config.app, env: config.name }, main, opts.upstreams);
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { ran: false, line: `nginx -t: not run (${why}); router/image ${image} must be on the engine at ${docker.address} for this check` };
  }
  if (refusal) throw refusal;
  return { ran: true, line: `nginx -t: ok (in a throwaway container of ${image})` };
}
