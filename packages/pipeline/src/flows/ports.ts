import { sameEngine } from '../config/engine-host.js';
import type { EnvironmentConfig } from '../config/types.js';
import { containerName, routedPort, routerAddress } from '../planning/names.js';
import { remoteEngineHost } from '../config/router-address.js';
import { routerImageAuth } from './deliver-image.js';
import { DockerEngine } from '../ports/docker/docker-engine.js';
import { engineTimeouts } from '../ports/docker/timeouts.js';
import { parseContainerUpstreamConf, recordedSplit } from '../ports/router/container-config.js';
import { ContainerRouter, type ContainerRouterOptions } from '../ports/router/container-router.js';
import { parseUpstreamConf } from '../ports/router/nginx-config.js';
import { hostSplitOf } from '../ports/router/host-split.js';
import { PrometheusSource } from '../ports/metrics/prometheus.js';
import { NginxRouter, type NginxRouterOptions } from '../ports/router/nginx.js';
import type { Router, RouterTarget, Split } from '../ports/router/types.js';
import type { FlowPorts } from './context.js';

const LOOPBACK = '127.0.0.1';

/** `signal`: a read-only command's Ctrl+C or SIGTERM, which ends its engine calls at once (a release binds its own: flows/create-context.ts). */
export function createPorts(config: EnvironmentConfig, signal?: AbortSignal): FlowPorts {
  const timeouts = engineTimeouts(config.engine);
  const docker = DockerEngine.at(config.engine.host, process.env, timeouts);
  const builder = sameEngine(config.engine.host, config.engine.build) ? docker : DockerEngine.at(config.engine.build, process.env, timeouts);
  if (signal) for (const engine of new Set([docker, builder])) engine.cancelWith(() => signal);
  return { docker, builder, router: createRouter(config, docker), metrics: new PrometheusSource() };
}

/** The router the environment would have with the other router/runtime: a switch of runtime must find it stopped. */
export function otherRuntimeRouter(config: EnvironmentConfig, docker: DockerEngine): Router {
  const other = config.router.runtime === 'container' ? 'host' : 'container';
  return createRouter({ ...config, router: { ...config.router, runtime: other } }, docker);
}

/**
 * The configuration of what really serves the environment, for commands that only read or tear down
 * (status, logs, validate, remove): a file that leaves router/runtime to its default while the host
 * nginx router it was deployed with still runs is read as runtime host. Deploy and rollback refuse instead.
 */
export async function asServed(config: EnvironmentConfig): Promise<EnvironmentConfig> {
  if (!config.router.runtimeDefaulted || config.router.runtime !== 'container' || !config.router.ports) return config;
  const onHost: EnvironmentConfig = { ...config, router: { ...config.router, runtime: 'host' } };
  const host = new NginxRouter(hostRouterOptions(onHost));
  return (await host.isRunning().catch(() => false)) ? onHost : config;
}

/** What the router's upstream file says it serves, read the way the adapter's readActive reads it, from text already read. */
export function activeInUpstream(router: Router, text: string | null): RouterTarget | null {
  if (text === null) return null;
  return router instanceof ContainerRouter ? parseContainerUpstreamConf(text) : parseUpstreamConf(text);
}

/** The split the router's upstream file records (a canary), read the way the adapter's readSplit reads it, from text already read. */
export function splitInUpstream(router: Router, text: string | null): Split | null {
  if (text === null) return null;
  return router instanceof ContainerRouter ? recordedSplit(text) : hostSplitOf(text);
}

/** router/runtime picks the adapter: an nginx process on this machine, or a container on the environment's engine. */
function createRouter(config: EnvironmentConfig, docker: DockerEngine): Router {
  if (config.router.runtime === 'container') return new ContainerRouter(docker, containerRouterOptions(config));
  return new NginxRouter(hostRouterOptions(config));
}

/** The host nginx router as the file describes it. */
export function hostRouterOptions(config: EnvironmentConfig): NginxRouterOptions {
  return { ...commonRouterOptions(config), stateDir: config.stateDir };
}

function commonRouterOptions(config: EnvironmentConfig) {
  return { app: config.app, env: config.name, listen: config.router.listen, probeAt: routerAddress(config), drainMs: config.router.drainMs, snippet: config.router.snippet };
}

/** The environment's router container as the file describes it (a takeover stages a copy on another port). */
export function containerRouterOptions(config: EnvironmentConfig): ContainerRouterOptions {
  // apps on container/network host listen on the host's loopback: the router shares the host's network to reach them
  const hostNetwork = config.container.network === 'host';
  const { replicas } = config.container;
  const upstream = (colour: 'blue' | 'green') =>
    hostNetwork ? { host: LOOPBACK, port: routedPort(config, colour) } : { host: containerName(config, colour), port: config.container.port, ...(replicas > 1 && { replicas }) };
  const { tls, httpListen, redirectHttp, previewListen } = config.router;
  return {
    ...commonRouterOptions(config),
    image: config.router.image,
    pullAuth: () => routerImageAuth(config),
    upstreams: { blue: upstream('blue'), green: upstream('green') },
    tls,
    httpListen,
    redirectHttp,
    previewListen,
    ...(hostNetwork && { hostNetwork, engineHere: remoteEngineHost(config.engine.host) === null }),
  };
}

/** The environment's network app containers join (router container on it), or none (they publish or listen on a loopback port). */
export function colourNetwork(ctx: { config: EnvironmentConfig; ports: Pick<FlowPorts, 'router'> }): string | undefined {
  return ctx.ports.router instanceof ContainerRouter && ctx.config.container.network === 'bridge' ? ctx.ports.router.network : undefined;
}
