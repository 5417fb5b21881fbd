// Where ferry, on the machine it runs on, reaches the router: router/public_url when set; else
// router/listen, whose wildcard host means "the engine's host": loopback for a local engine or the
// host router, the address in engine.host/DOCKER_HOST for a router container on a remote engine.
import { engineHostText, type EngineAddress } from './engine-host.js';
import type { Issue } from './issues.js';

export interface RouterReach {
  runtime: 'host' | 'container';
  listen: { host: string; port: number };
  publicUrl?: { host: string; port: number; https?: boolean };
  tls?: unknown; // router/tls, when set: the router serves HTTPS
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|::1)$/;

/** The engine's host as another machine reaches it; null for an engine on this machine (a socket, or tcp/ssh on loopback). */
export function remoteEngineHost(engine: EngineAddress): string | null {
  if (engine.kind !== 'tcp' && engine.kind !== 'ssh') return null;
  return LOOPBACK.test(engine.host) ? null : engine.host;
}

/** The router as a client on this machine reaches it. */
export function routerPublicAddress(router: RouterReach, engine: EngineAddress): { host: string; port: number } {
  if (router.publicUrl) return { host: router.publicUrl.host, port: router.publicUrl.port };
  const { host, port } = router.listen;
  if (host !== '0.0.0.0') return { host, port };
  const remote = router.runtime === 'container' ? remoteEngineHost(engine) : null;
  return { host: remote ?? '127.0.0.1', port };
}

/**
 * A public_url whose scheme is not the router's (https exactly when router/tls is set); a router container
 * bound to a remote engine's loopback with no public_url: nothing here could reach it.
 */
export function routerReachIssues(router: RouterReach, engine: EngineAddress, source: string): Issue[] {
  if (router.publicUrl?.https !== undefined && router.publicUrl.https !== Boolean(router.tls)) {
    const [scheme, why] = router.tls ? ['https', 'router/tls is set: the router serves HTTPS'] : ['http', 'the router serves plain HTTP without router/tls'];
    return [{ path: ['router', 'public_url'], message: `should be an ${scheme}:// URL (${why})`, hint: `e.g. public_url: ${scheme}://${router.publicUrl.host}:${router.publicUrl.port}` }];
  }
  if (router.runtime !== 'container' || router.publicUrl || router.listen.host === '0.0.0.0' || remoteEngineHost(engine) === null) return [];
  const { host, port } = router.listen;
  return [
    {
      path: ['router', 'listen'],
      message: `${host}:${port} is the loopback of the engine's host (${engineHostText(engine)}, from ${source}): ferry cannot reach the router there from this machine`,
      hint: `listen on all of its interfaces (listen: 0.0.0.0:${port}), or set router/public_url to where this machine reaches it (e.g. an SSH tunnel: public_url: http://127.0.0.1:${port})`,
    },
  ];
}

/**
 * router/runtime: host runs nginx on this machine, which reaches the colours on its own loopback: it cannot
 * serve containers of an engine on another machine. The message for exit 2, or null when it can.
 */
export function hostRouterEngineIssue(runtime: RouterReach['runtime'], engine: EngineAddress, source: string, file: string): string | null {
  if (runtime !== 'host' || remoteEngineHost(engine) === null) return null;
  return (
    `router/runtime: host in ${file} runs nginx on this machine, but the environment's engine is ${engineHostText(engine)} (from ${source}), on another machine: ` +
    `this nginx cannot reach the colours there, so nothing was changed; set router/runtime: container (the default: the router runs as a container on that engine, ` +
    `with router/listen e.g. 0.0.0.0:80), or point engine.host/DOCKER_HOST at this machine's engine`
  );
}
