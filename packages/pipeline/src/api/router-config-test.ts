import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { containerRouterOptions, hostRouterOptions } from '../flows/ports.js';
import { DockerEngine } from '../ports/docker/docker-engine.js';
import { engineTimeouts } from '../ports/docker/timeouts.js';
import { renderContainerMainConf } from '../ports/router/container-config.js';
import { snippetRefusal } from '../ports/router/container-config-check.js';
import { CONTAINER_CERTIFICATE, CONTAINER_KEY, listenAt, TLS_FILE_MODE, tlsSite, type TlsSite } from '../ports/router/container-tls.js';
import type { FileToPut } from '../ports/docker/archive.js';
import { tlsForDeploy } from '../config/router-tls.js';
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
  const opts = containerRouterOptions(config);
  const tls = await tlsToTest(config);
  const main = renderContainerMainConf({ ...opts, tls: tls?.site, listenAt: listenAt({ ...opts, tls: tls !== null }) });
  const docker = DockerEngine.at(config.engine.build, process.env, engineTimeouts(config.engine));
  let refusal: ConfigError | null;
  try {
    refusal = await snippetRefusal(docker, image, { app: config.app, env: config.name }, main, opts.upstreams, tls?.files);
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { ran: false, line: `nginx -t: not run (${why}); router/image ${image} must be on the engine at ${docker.address} for this check` };
  }
  if (refusal) throw refusal;
  return { ran: true, line: `nginx -t: ok (in a throwaway container of ${image})` };
}

/** With router/tls, the site as the router serves it and its certificate and key, read from where the file says (never written here). */
async function tlsToTest(config: EnvironmentConfig): Promise<{ site: TlsSite; files: FileToPut[] } | null> {
  const { tls } = config.router;
  if (!tls) return null;
  const found = await tlsForDeploy(tls, process.env);
  if (!('key' in found)) throw new ConfigError(`router/tls: ${found.message}; ${found.hint}`);
  return {
    site: tlsSite(config.router),
    files: [
      { path: CONTAINER_CERTIFICATE, text: found.certificate, mode: TLS_FILE_MODE },
      { path: CONTAINER_KEY, text: found.key, mode: TLS_FILE_MODE },
    ],
  };
}
