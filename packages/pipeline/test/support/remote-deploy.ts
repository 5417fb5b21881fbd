// One environment deployed to a second engine like a real user's: router container there
// (router.listen 0.0.0.0), app and router images reaching it only through a TLS registry, requests
// sent from here to the router's address in the namespace. Shared by the tcp:// and ssh:// e2e tests.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { DockerEngine } from '../../src/ports/docker/docker-engine.js';
import { ferry, type FerryRun } from './ferry.js';
import { attemptAll, makeEnvironment, type TestEnvironment } from './environment.js';
import { E2E_IMAGE, ROUTER_IMAGE } from './images.js';
import { startLoad, type LoadResult } from './load.js';
import { startRegistry, type TestRegistry } from './registry.js';
import type { SecondEngine } from './second-engine.js';
import { waitFor } from './wait.js';

export const RATE = 100;

export interface RemoteDeploy {
  registry: TestRegistry;
  env: TestEnvironment;
  app: string;
  repository: string; // the run's own image repository (v1 and v2 tagged on the main engine)
  routerRef: string; // the router image, in the registry under a name of the run's own
  routerAt: string; // http://<engine address>:<listen>: where ferry (and the load) reach the router
  main: DockerEngine;
  file: () => string;
  network: () => string;
  /** ferry with the fixture's extra environment (e.g. SSH_AUTH_SOCK). */
  ferry: (command: string[], cwd?: string) => Promise<FerryRun>;
  /** A command under RATE req/s sent to the router; it sees at least RATE requests (a count, not a time window). */
  under: (command: string[]) => Promise<FerryRun & { seen: LoadResult }>;
  cleanup: () => Promise<void>;
}

/** An image of the test's own per tag (a label on the shared e2e image), so each release has its own image ID. */
function buildOwnImage(ref: string, label: string, tag: string): void {
  const built = spawnSync('docker', ['build', '-q', '-t', ref, '-'], { input: `FROM ${E2E_IMAGE}:v1\nLABEL ferry.e2e.${label}=${tag}\n`, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`docker build of ${ref} failed: ${built.stderr}`);
}

/** `label` names the app and images (e.g. rdeploy); `host` is engine.host (engine.url for tcp://); `ferryEnv` is added to every ferry run. */
export async function setUpRemoteDeploy(engine: SecondEngine, o: { label: string; host: string; ferryEnv?: NodeJS.ProcessEnv }): Promise<RemoteDeploy> {
  const main = new DockerEngine(new Dockerode());
  const registry = await startRegistry({ tls: { ip: engine.hostIp } });
  const env = await makeEnvironment('', { monitor: '1s' });
  const app = `e2e-${o.label}-${engine.name}`;
  const repository = `e2e-${o.label}-${engine.name}/demo-app`; // its own repository: the test may tag and remove it
  const routerRef = `${registry.url}/e2e-${o.label}-${engine.name}/router:local`;
  const routerAt = `http://${engine.engineIp}:${env.listen}`;
  const file = () => path.join(env.environmentsDir, `${env.env}.yaml`);
  const run = (command: string[], cwd?: string) => ferry(env.args(...command), o.ferryEnv ?? {}, cwd);
  const fixture: RemoteDeploy = {
    registry,
    env,
    app,
    repository,
    routerRef,
    routerAt,
    main,
    file,
    network: () => `ferry-${app}-${env.env}`,
    ferry: run,
    under: async (command) => {
      const load = startLoad(`${routerAt}/`, RATE, 120_000, {}, [engine.engineIp]);
      const result = await run(command);
      await waitFor(async () => load.sent() >= RATE);
      return { ...result, seen: await load.stop() };
    },
    cleanup: () =>
      attemptAll([
        ...[`${repository}:v1`, `${repository}:v2`, `${registry.url}/${repository}:v1`, `${registry.url}/${repository}:v2`, routerRef].map(
          (ref) => () => main.docker.getImage(ref).remove().catch((e: { statusCode?: number }) => (e.statusCode === 404 ? undefined : Promise.reject(e))),
        ),
        async () => env.cleanup(),
        async () => registry.stop(),
      ]),
  };
  try {
    for (const tag of ['v1', 'v2']) buildOwnImage(`${repository}:${tag}`, o.label, tag);
    // A real user's router image comes from a registry: the shared one goes there under a name of the run's own.
    await main.tag(ROUTER_IMAGE, routerRef);
    await main.push(routerRef, undefined, () => undefined);
    const yaml = (await readFile(file(), 'utf8'))
      .replace(/^app: .*$/m, `app: ${app}`)
      .replace(/^image:\n {2}name: .*$/m, `image:\n  name: ${repository}\n  registry: { url: "${registry.url}" }`)
      .replace(/^router:\n {2}runtime: host\n {2}listen: .*$/m, `router:\n  runtime: container\n  image: ${routerRef}\n  listen: 0.0.0.0:${env.listen}`)
      .replace(/deploy_timeout: .*$/m, 'deploy_timeout: 60s');
    await writeFile(file(), `${yaml}engine:\n  host: ${o.host}\n`);
    return fixture;
  } catch (error) {
    await fixture.cleanup();
    throw error;
  }
}
