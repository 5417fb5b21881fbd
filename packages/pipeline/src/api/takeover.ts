// `ferry router takeover`: an environment served by the host nginx moves to its router container
// while it serves. The two cannot hold router/listen at once (docker-proxy binds it without
// SO_REUSEPORT), so everything is made ready and proven first; the only gap left is the instant
// between the host nginx closing its listener and the router container binding it.
import { createServer } from 'node:net';
import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError, FerryError, UnrecoveredError } from '../errors.js';
import { colourNetwork, containerRouterOptions, createPorts, otherRuntimeRouter } from '../flows/ports.js';
import { containerName, routedPort } from '../planning/names.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import { ContainerRouter } from '../ports/router/container-router.js';
import { networkCreateOptions } from '../ports/router/container-describe.js';
import { isPortListening } from '../ports/router/listening.js';
import { hostPort } from '../ports/router/nginx-config.js';
import type { NginxRouter } from '../ports/router/nginx.js';
import { pollUntil } from '../ports/router/poll.js';
import { servesTarget } from '../ports/router/switch-confirmation.js';
import type { Router, RouterTarget } from '../ports/router/types.js';
import { confirmByName } from '../steps/approval.js';
import { acquireLock } from '../state/lock.js';
import { statePaths } from '../state/paths.js';

export interface TakeoverInput {
  config: EnvironmentConfig;
  yes: boolean;
  interactive: boolean;
  command: string; // what the lock records as the holder
}

export interface TakeoverResult {
  env: string;
  serving: RouterTarget; // the release the host nginx served and the router container serves now
  joined: string | null; // the colour container that joined the environment's network (null: it was on it)
  network: string;
  router: string; // the router container's name
  handover: { closedAt: number; answeredAt: number; ms: number }; // epoch ms: the host nginx told to quit → the router container answered on router/listen
  hostRouterFiles: string[]; // what was deleted of the host router
}

const LISTENER_POLL_MS = 2;
const LISTENER_CLOSE_TIMEOUT_MS = 5000;
const CONFIRM_TIMEOUT_MS = 10_000;
const CONFIRM_POLL_MS = 5;
const STAGING_SUFFIX = '-takeover';

/** Bad input → ConfigError (2, nothing changed); a failed handover puts the host nginx back (1); if that fails too, 3. */
export async function takeOverRouter(input: TakeoverInput): Promise<TakeoverResult> {
  const { config } = input;
  if (config.router.runtime !== 'container') {
    throw new ConfigError(`router/runtime: host in ${config.file}; ferry router takeover moves an environment to its router container: set router/runtime: container first`);
  }
  const { docker, router } = createPorts(config);
  const target = router as ContainerRouter;
  const host = otherRuntimeRouter(config, docker) as NginxRouter;
  await docker.ping();
  const lock = await acquireLock(statePaths(config.stateDir).lockFile, input.command);
  try {
    const served = await assertTakeoverPossible(config, host, target);
    await target.preflight();
    if (!input.yes) {
      await confirmByName({
        env: config.name,
        what: `Move ${config.name}'s router (${hostPort(config.router.listen)}, serving ${served.version} on ${served.colour}) from the host nginx to ${target.title}`,
        interactive: input.interactive,
        noTerminal: `ferry router takeover moves ${config.name}'s router to a container and there is no terminal to ask on: pass --yes to approve. Nothing was changed.`,
      });
    }
    // the router container reaches a colour by name on the environment's network at the app's own port
    // (or, for an app on container/network host, on the host's loopback at the port it already listens on)
    const serving: RouterTarget = { ...served, port: routedPort(config, served.colour) };
    const joined = colourNetwork({ config, ports: { router: target } }) ? await joinNetwork(config, docker, target, served) : null;
    try {
      await proveOnStagingRouter(config, docker, serving);
      await target.prepare(serving);
    } catch (error) {
      if (joined) await docker.disconnectNetwork(target.network, joined);
      throw error;
    }
    const handover = await handOver(config, { host, served }, { target, serving });
    return { env: config.name, serving, joined, network: target.network, router: target.name, handover, hostRouterFiles: await host.remove() };
  } finally {
    await lock.release();
  }
}

/** Joined while it runs: the colour keeps serving through the host nginx meanwhile, nothing restarts. */
async function joinNetwork(config: EnvironmentConfig, docker: DockerEngine, target: ContainerRouter, served: RouterTarget): Promise<string | null> {
  await docker.ensureNetwork(networkCreateOptions({ app: config.app, env: config.name }));
  const colour = containerName(config, served.colour);
  return (await docker.connectNetwork(target.network, colour)) ? colour : null;
}

async function assertTakeoverPossible(config: EnvironmentConfig, host: NginxRouter, target: ContainerRouter): Promise<RouterTarget> {
  if (await target.isRunning()) {
    throw new ConfigError(`${target.title} already serves ${config.name}; there is nothing to take over${(await host.isRunning()) ? ' (the host nginx still runs too: stop it by hand)' : ''}`);
  }
  if (!(await host.isRunning())) {
    throw new ConfigError(`nothing to take over: no host nginx runs for ${config.name}; \`ferry deploy --env ${config.name}\` starts the router container`);
  }
  const served = await host.readActive();
  if (!served) {
    throw new ConfigError(`the host nginx of ${config.name} serves no release, so there is no traffic to keep: \`ferry remove --env ${config.name} --yes\`, then deploy`);
  }
  return served;
}

/** The same router on a spare loopback port proves image, config, network and colour work together before anything else changes. */
async function proveOnStagingRouter(config: EnvironmentConfig, docker: DockerEngine, serving: RouterTarget): Promise<void> {
  const spare = { host: '127.0.0.1', port: await sparePort() };
  // plain HTTP on the spare port, without router/http_listen: it proves image, network and colour; TLS is the final router's preflight
  const { tls: _tls, httpListen: _httpListen, redirectHttp: _redirect, previewListen: _preview, ...options } = containerRouterOptions(config);
  const staging = new ContainerRouter(docker, { ...options, name: `${options.app}-${options.env}-router${STAGING_SUFFIX}`, listen: spare, probeAt: spare });
  try {
    await staging.ensureRunning();
    await staging.switchTo(serving, { confirmTimeoutMs: CONFIRM_TIMEOUT_MS });
  } catch (error) {
    throw new FerryError(`the router container could not serve ${serving.version} on ${serving.colour} (tried on ${hostPort(spare)}; the host nginx still serves): ${(error as Error).message}`);
  } finally {
    // the container only: the network stays, with the serving colour on it
    await staging.stop().catch(() => undefined);
    await docker.remove(staging.name).catch(() => undefined);
  }
}

/**
 * The host nginx lets go of router/listen (SIGQUIT: its listener closes at once, in-flight requests
 * finish) and the prepared container starts the moment the port is free. Returns the gap.
 */
async function handOver(
  config: EnvironmentConfig,
  { host, served }: { host: NginxRouter; served: RouterTarget },
  { target, serving }: { target: ContainerRouter; serving: RouterTarget },
): Promise<TakeoverResult['handover']> {
  const port = config.router.listen.port;
  const closedAt = Date.now();
  const master = await host.quitNow();
  try {
    if (!(await pollUntil(async () => !(await isPortListening(port)), LISTENER_CLOSE_TIMEOUT_MS, undefined, LISTENER_POLL_MS))) {
      throw new FerryError(`port ${port} still had a listener ${LISTENER_CLOSE_TIMEOUT_MS}ms after the host nginx was told to quit`);
    }
    await target.ensureRunning(); // returns once it answers on router/listen
    if (!(await answersFrom(target, serving, CONFIRM_POLL_MS))) {
      throw new FerryError(`${target.title} started but did not answer from ${serving.colour} on ${hostPort(config.router.listen)} within ${CONFIRM_TIMEOUT_MS}ms; see docker logs ${target.name}`);
    }
    const answeredAt = Date.now();
    if (master !== null) await host.waitForExit(master);
    return { closedAt, answeredAt, ms: answeredAt - closedAt };
  } catch (error) {
    await putHostRouterBack(config, { host, served, master }, target, error as Error);
    throw error; // unreachable: putHostRouterBack throws
  }
}

/** A failed handover: the router container goes, the host nginx starts again on its unchanged config. */
async function putHostRouterBack(
  config: EnvironmentConfig,
  { host, served, master }: { host: NginxRouter; served: RouterTarget; master: number | null },
  target: ContainerRouter,
  cause: Error,
): Promise<never> {
  try {
    await target.stop().catch(() => undefined);
    await target.remove();
    if (master !== null) await host.waitForExit(master);
    await host.ensureRunning();
    if (!(await answersFrom(host, served))) throw new FerryError(`the host nginx restarted but did not answer from ${served.colour} on ${hostPort(config.router.listen)}`);
  } catch (error) {
    throw new UnrecoveredError(
      `router takeover failed (${cause.message}) and the host nginx could not be put back: ${(error as Error).message}; run \`ferry deploy --env ${config.name}\` with router/runtime: host to serve again`,
    );
  }
  throw new FerryError(`router takeover failed, the host nginx serves ${served.version} on ${served.colour} again: ${cause.message}`);
}

/** Polls the router until a request through it is answered by the target colour at its routed port. */
function answersFrom(router: Router, target: RouterTarget, everyMs?: number): Promise<boolean> {
  return pollUntil(async () => servesTarget(await router.probe(), target), CONFIRM_TIMEOUT_MS, undefined, everyMs);
}

/** A loopback port nothing listens on now, for the staging router. */
async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
