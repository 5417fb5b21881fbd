// One fault's scene for bench:faults: a fresh environment (its own app name and loopback port) on the local
// engine behind the router container, the real CLI as a user runs it, a bounded load on the router, and a
// teardown that runs whatever happened (ferry remove --purge, then the harness's sweep, then a leftover check).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Dockerode from 'dockerode';
import { spawnFerry, type FerryRun } from '../test/support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from '../test/support/environment.js';
import { BROKEN_TAG, E2E_IMAGE, GOOD_TAGS, ROUTER_IMAGE } from '../test/support/images.js';
import { startLoad, type LoadResult } from '../test/support/load.js';
import { servedVersion } from '../test/support/served-version.js';

export const docker = new Dockerode();
// The bench's own repository of the e2e images: `remove --purge` and retention untag only these, never the shared tags.
export const BENCH_IMAGE = 'ferry-bench/faults-app';
const TAGS = [...GOOD_TAGS.slice(0, 4), BROKEN_TAG];
export const RATE = 50; // requests per second through the router, each on a new connection
const COMMAND_BOUND_MS = 180_000; // one CLI run, whatever it waits for (the fault's watchdog bounds the whole)

export interface Run extends FerryRun {
  ms: number;
  timedOut: boolean;
}

/** The built CLI as a process, killed (SIGKILL) when it runs past `boundMs`. */
export function runBounded(args: string[], processEnv: NodeJS.ProcessEnv = {}, boundMs = COMMAND_BOUND_MS): { pid: number; done: Promise<Run> } {
  const started = performance.now();
  const { child, done } = spawnFerry(args, processEnv);
  let timedOut = false;
  const bound = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), boundMs);
  const finished = done.then((run) => (clearTimeout(bound), { ...run, ms: performance.now() - started, timedOut }));
  return { pid: child.pid!, done: finished };
}

export class Aborted extends Error {}

export interface Scene {
  env: TestEnvironment;
  undos: (() => Promise<unknown>)[];
  routerName: string;
  network: string;
  /** The built CLI with the environment's flags; killed when the command bound or the fault's watchdog fires. */
  ferry(args: string[], processEnv?: NodeJS.ProcessEnv): Promise<Run>;
  /** The same, started: the caller signals it (g) and awaits `done`. */
  start(args: string[], processEnv?: NodeJS.ProcessEnv): { pid: number; done: Promise<Run> };
  /** A scene-setting deploy that must succeed (the fault comes after). */
  deploy(tag: string): Promise<void>;
  served(): Promise<string | null>;
  load(): { stop: () => Promise<LoadResult> };
  /** `commands` under the load, kept on `settleMs` after them (a recovery must hold): what it saw, and what serves then. */
  underLoad<T>(commands: () => Promise<T>, settleMs?: number): Promise<{ result: T; seen: LoadResult; now: string | null; endedAt: number }>;
  containers(): Promise<Dockerode.ContainerInfo[]>;
  /** The app container that answered a request through the router just now (by X-Ferry-Upstream's address), if any. */
  answering(): Promise<Dockerode.ContainerInfo | undefined>;
  /** Undone before the teardown, even when the watchdog abandoned the fault (a mount, a hung engine). */
  defer(undo: () => Promise<unknown>): void;
  abort(): void;
}

/** Tags the bench's repository from the shared e2e images (a purge of the previous fault untagged them). */
export async function tagBenchImages(): Promise<void> {
  for (const tag of TAGS) await docker.getImage(`${E2E_IMAGE}:${tag}`).tag({ repo: BENCH_IMAGE, tag });
}

/** Removes what is left of the bench's repository (the tags only: the shared images hold the layers). */
export async function untagBenchImages(): Promise<void> {
  for (const tag of TAGS) await docker.getImage(`${BENCH_IMAGE}:${tag}`).remove().catch(() => undefined);
}

/** The harness's environment file, changed for the bench: its image repository, the router container, a far health deadline. */
export function benchYaml(yaml: string): string {
  return yaml
    .replace(`name: ${E2E_IMAGE}`, `name: ${BENCH_IMAGE}`)
    .replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`)
    .replace(/^ {2}ports: .*\n/m, '') // the colours publish no port with the router container
    .replace(/deploy_timeout: .*$/m, 'deploy_timeout: 90s'); // a busy machine's HEALTHCHECK must not be the fault measured
}

export async function makeScene(extraYaml: string): Promise<Scene> {
  await tagBenchImages();
  const env = await makeEnvironment(extraYaml, { monitor: '1s' });
  const file = path.join(env.environmentsDir, `${env.env}.yaml`);
  await writeFile(file, benchYaml(await readFile(file, 'utf8')));
  const running = new Set<number>();
  let aborted = false;
  const start = (args: string[], processEnv: NodeJS.ProcessEnv = {}) => {
    if (aborted) throw new Aborted('the fault was abandoned by its watchdog');
    const started = runBounded(env.args(...args), processEnv);
    running.add(started.pid);
    void started.done.then(() => running.delete(started.pid));
    return started;
  };
  const ferry = (args: string[], processEnv?: NodeJS.ProcessEnv) => start(args, processEnv).done;
  const loads = new Set<{ stop: () => Promise<LoadResult> }>();
  const containers = () => docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`] } });
  const network = `ferry-${env.app}-${env.env}`;
  const undos: (() => Promise<unknown>)[] = [];
  const load = () => {
    const started = startLoad(`${env.routerUrl}/`, RATE, COMMAND_BOUND_MS);
    const handle = { stop: () => (loads.delete(handle), started.stop()) };
    loads.add(handle);
    return handle;
  };
  return {
    env,
    routerName: `${env.app}-${env.env}-router`,
    network,
    undos,
    ferry,
    start,
    async deploy(tag) {
      const run = await ferry(['deploy', '--tag', tag]);
      if (run.code !== 0) throw new Error(`setting the scene: ferry deploy --tag ${tag} exited ${run.code}: ${run.stderr.slice(-1500)}`);
    },
    served: () => servedVersion(`${env.routerUrl}/`),
    load,
    async underLoad(commands, settleMs = 1000) {
      const traffic = load();
      try {
        const result = await commands();
        await sleep(settleMs);
        const endedAt = Date.now(); // the last request is sent about now
        const seen = await traffic.stop();
        return { result, seen, now: await servedVersion(`${env.routerUrl}/`), endedAt };
      } finally {
        void traffic.stop(); // a command that threw: the load ends with it
      }
    },
    containers,
    async answering() {
      const upstream = await fetch(`${env.routerUrl}/`, { signal: AbortSignal.timeout(2000) }).then((res) => res.headers.get('x-ferry-upstream'), () => null);
      const ip = upstream?.split(':')[0];
      return (await containers()).find((c) => ip && c.NetworkSettings?.Networks?.[network]?.IPAddress === ip);
    },
    defer(undo) {
      undos.push(undo);
    },
    abort() {
      aborted = true;
      for (const pid of running) killQuietly(pid); // only the CLI processes this scene started
      for (const load of loads) void load.stop();
    },
  };
}

/**
 * Tears the scene down as a user would (`ferry remove --yes --purge` on the real engine), then sweeps what that
 * left (the harness's cleanup: containers and networks by label, the temp dir), and says what is still there.
 */
export async function teardown(scene: Scene): Promise<string[]> {
  const problems: string[] = [];
  for (const undo of scene.undos.reverse()) await undo().catch((error: Error) => problems.push(`undo: ${error.message}`));
  const removed = await runBounded(scene.env.args('remove', '--yes', '--purge'), {}, 120_000).done;
  if (removed.code !== 0) problems.push(`ferry remove --purge exited ${removed.code}${removed.timedOut ? ' (killed: over its bound)' : ''}: ${lastLine(removed.stderr)}`);
  await scene.env.cleanup().catch((error: Error) => problems.push(`sweep: ${error.message}`));
  const left = [
    ...(await scene.containers()).map((c) => c.Names[0]),
    ...(await docker.listNetworks({ filters: { name: [scene.network] } })).map((n) => n.Name),
  ];
  if (left.length > 0) problems.push(`left behind: ${left.join(', ')}`);
  return problems;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* it exited meanwhile */
  }
}

/** Polls `check` (every 50 ms) for at most `ms`: whether it came true; never throws (a bench measures). */
export async function became(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(50);
  }
  return false;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The command's --json document, or undefined when stdout is not one. */
export function json(run: Run): any {
  try {
    return JSON.parse(run.stdout);
  } catch {
    return undefined;
  }
}

/** What a command said, in one line: `outcome: message` of its --json document, else its last line. */
export function said(run: Run): string {
  const body = json(run);
  const words = typeof body?.outcome === 'string' ? `${body.outcome}: ${body.message ?? ''}` : lastLine(run.stdout) || lastLine(run.stderr);
  // one table cell: a multi-line message on one line, an engine's 64-hex id as docker ps shows it
  const text = words.replace(/\s+/g, ' ').replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1').trim();
  const short = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  return run.timedOut ? `killed after ${Math.round(run.ms / 1000)} s (over the bench's bound): ${short}` : short;
}

/** The last line a command printed that says something (its verdict, usually). */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? '';
}
