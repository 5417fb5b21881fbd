import { mkdtemp, writeFile, readFile, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findExecutable } from '@ferry/shared';
import Dockerode from 'dockerode';
import { routerPaths, SYSTEM_TEMP_ROOT } from '../../src/ports/router/nginx-argv.js';
import { E2E_IMAGE } from './images.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TestEnvironment {
  root: string;
  environmentsDir: string;
  stateDir: string;
  env: string;
  app: string;
  listen: number;
  ports: { blue: number; green: number };
  routerUrl: string;
  args: (...rest: string[]) => string[];
  cleanup: () => Promise<void>;
}

/** The harness's router line: tests of the router container replace it (the host router is what most tests exercise). */
export const HOST_ROUTER = 'router:\n  runtime: host\n';

/**
 * A throwaway environment file on fresh loopback ports, deploying the prebuilt e2e images, with the host
 * nginx router set explicitly (router/runtime: host; the default is the router container).
 * `beside`: another environment (`env`) of the same app in the same environments dir, like staging and production;
 * the environment it sits beside owns the directory, and its cleanup stops both routers.
 */
export async function makeEnvironment(
  extraYaml = '',
  opts: { monitor?: string; keepPrevious?: boolean; network?: 'bridge' | 'host'; beside?: TestEnvironment; env?: string } = {},
): Promise<TestEnvironment> {
  // mkdtemp makes it mode 0700, like a private home directory: every e2e deploy proves Ferry needs no chmod
  const root = opts.beside?.root ?? (await mkdtemp(path.join(os.tmpdir(), 'ferry-e2e-')));
  const environmentsDir = path.join(root, 'environments');
  const app = `e2e${path.basename(root).slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const [listen, blue, green] = [await freePort(), await freePort(), await freePort()];
  const env = opts.env ?? 'test';
  const stateName = env === 'test' ? 'state' : `state-${env}`;
  const yaml = `app: ${app}
image:
  name: ${E2E_IMAGE}
container:
  port: 3000
  network: ${opts.network ?? 'bridge'}
  env: { GREETING: hello-e2e }
health:
  path: /health
  interval: 200ms
  timeout: 3s
  deploy_timeout: 20s
router:
  runtime: host
  listen: 127.0.0.1:${listen}
  ports: { blue: ${blue}, green: ${green} }
  drain: 5s
strategy:
  monitor: ${opts.monitor ?? '2s'}
  keep_previous: ${opts.keepPrevious ?? true}
  retain: 3
state_dir: ../${stateName}
${extraYaml}`;
  const { mkdir } = await import('node:fs/promises');
  await mkdir(environmentsDir, { recursive: true });
  await writeFile(path.join(environmentsDir, `${env}.yaml`), yaml);
  const stateDir = path.join(root, stateName);
  if (opts.beside) besides.set(root, [...(besides.get(root) ?? []), { stateDir, env }]);
  return {
    root,
    environmentsDir,
    stateDir,
    env,
    app,
    listen,
    ports: { blue, green },
    routerUrl: `http://127.0.0.1:${listen}`,
    args: (...rest) => [...rest, '--environments', environmentsDir, '--env', env],
    // Every part is attempted even when one fails (an engine that went away must not leave the dirs behind).
    cleanup: () =>
      attemptAll([
        () => removeContainers(app),
        // the root holds the pid files of every environment beside this one: stop their nginx before it goes
        ...[{ stateDir, env }, ...(opts.beside ? [] : (besides.get(root) ?? []))].map((router) => async () => {
          await stopNginx(router.stateDir);
          await rm(workerTempDir(router.stateDir, app, router.env), { recursive: true, force: true });
        }),
        // the owner also sweeps the workers' temp dirs of state dirs a test moved or added (same app, any state dir)
        ...(opts.beside ? [] : [() => removeWorkerTempDirsOf(app), () => rm(root, { recursive: true, force: true })]),
      ]),
  };
}

// Environments made beside another one, by the root they share: its cleanup stops their routers too.
const besides = new Map<string, { stateDir: string; env: string }[]>();

/** The router's temp dir, outside the state dir when the tests run as root. */
export function workerTempDir(stateDir: string, app: string, env: string): string {
  return routerPaths({ stateDir, app, env, asRoot: process.geteuid?.() === 0 }).tmpDir;
}

/** Runs every step, then throws the first failure, if any. */
export async function attemptAll(steps: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) await step().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}

/** Every workers' temp dir of `app` under /var/cache/ferry/router (as root; elsewhere they live in the state dir). */
export async function removeWorkerTempDirsOf(app: string): Promise<void> {
  const names = await readdir(SYSTEM_TEMP_ROOT).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.startsWith(`${app}-`)).map((name) => rm(path.join(SYSTEM_TEMP_ROOT, name), { recursive: true, force: true })));
}

/** Every container of `app`, then its networks (a router container's environment network outlives a test that never ran remove). */
export async function removeContainers(app: string): Promise<void> {
  const docker = new Dockerode();
  const filters = { label: [`ferry.app=${app}`] };
  const list = await docker.listContainers({ all: true, filters });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
}

export async function stopNginx(stateDir: string): Promise<void> {
  const pidFile = path.join(stateDir, 'router', 'nginx.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

/** This process's PATH without the directories that hold an executable `name`. */
export function pathWithout(name: string): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && findExecutable(name, dir) === null)
    .join(path.delimiter);
}

/** Every file under a directory, for "the secret appears nowhere" checks. */
export async function readTree(dir: string): Promise<string> {
  let all = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    all += await readFile(path.join(entry.parentPath, entry.name), 'utf8').catch(() => '');
  }
  return all;
}
