// pnpm bench:router — the router's own cost, in one run:
//  1. throughput and p95 (real k6, 20 VUs, GET /health) straight to the app container vs through the
//     host-process router vs through the container router, interleaved so a busy machine hits all alike;
//     on loopback (published ports through Docker's userland docker-proxy) and from a network namespace of
//     the bench's own (iptables DNAT, the path of traffic from another host), with the CPU time per
//     request of each process (k6, docker-proxy, nginx, the app): they share the machine's cores;
//  2. switch: new colour healthy → traffic confirmed through the router, split into apply and confirm;
//  3. recovery: kill -9 of the router container's main process → first good request, by the engine alone;
//  4. split: setSplit to 10 % and back to 0 % (a canary's abort), each call → confirmed by 200 probes through the router.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findProgram } from '@ferry/shared';
import Dockerode from 'dockerode';
import type { Colour } from '../src/config/types.js';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import { ContainerRouter, type ContainerRouterOptions } from '../src/ports/router/container-router.js';
import { NginxRouter } from '../src/ports/router/nginx.js';
import type { Router, RouterTarget } from '../src/ports/router/types.js';
import buildImages from '../test/support/global-setup.js';
import { freePort } from '../test/support/environment.js';
import { E2E_IMAGE, ROUTER_IMAGE } from '../test/support/images.js';
import { makeClientNamespace, type ClientNamespace } from './client-namespace.js';
import { cpuMs, dockerProxyPids, enginePids } from './cpu.js';

// k6 on PATH, else this machine's copy; K6=/path/to/k6 overrides both
const K6 = process.env.K6 ?? findProgram('k6', process.env.PATH) ?? '/work/shared/tools/k6';
const VUS = 20;
const SECONDS = Number(process.env.BENCH_ROUTER_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUTER_ROUNDS ?? 6);
const SWITCHES = 10;
const KILLS = 3;
const SPLITS = 5;
const APP = 'bench-router';
const ENV = `b${process.pid}`;
const APP_PORT = 3000;

const docker = new Dockerode();
const engine = new DockerEngine(docker);
const sh = promisify(execFile);
const appName = (colour: Colour) => `${APP}-${ENV}-${colour}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (n=${xs.length})`;

interface Load { rate: number; p95: number; failed: number; cpu: Record<string, number> } // cpu: ms per 1000 requests by process

const K6_SCRIPT = `import http from 'k6/http';
export const options = { vus: ${VUS}, duration: '${SECONDS}s', discardResponseBodies: true };
export default function () { http.get(__ENV.URL); }
`;

/** Where one measurement sends its load, and the processes that serve it (CPU time is read from them). */
interface Target { url: string; ns?: ClientNamespace; serving: () => Promise<Record<string, number[]>> }

/** One bounded k6 run (in the namespace when given); requests/s and p95 from its summary, CPU ms per 1000 requests by process. */
async function k6(script: string, summary: string, target: Target, allowedHosts: string[]): Promise<Load> {
  const host = /^http:\/\/([\d.]+):\d+\//.exec(target.url)?.[1];
  if (!host || !allowedHosts.includes(host)) throw new Error(`bench traffic goes to ${allowedHosts.join(' and ')} only, not ${target.url}`);
  const serving = await target.serving();
  const before = await Promise.all(Object.values(serving).map(cpuMs));
  const argv = ['/usr/bin/time', '-f', 'k6-cpu %U %S', ...(target.ns?.wrap([K6]) ?? [K6])];
  const { stderr } = await sh(argv[0]!, [...argv.slice(1), 'run', '--quiet', '--no-usage-report', '--summary-export', summary, '-e', `URL=${target.url}`, script], { timeout: (SECONDS + 60) * 1000 });
  const after = await Promise.all(Object.values(serving).map(cpuMs));
  const { metrics } = JSON.parse(await readFile(summary, 'utf8'));
  const requests: number = metrics.http_reqs.count;
  const [user, system] = /k6-cpu ([\d.]+) ([\d.]+)/.exec(stderr)!.slice(1).map(Number);
  const cpu: Record<string, number> = { k6: ((user! + system!) * 1000 * 1000) / requests };
  Object.keys(serving).forEach((name, i) => (cpu[name] = ((after[i]! - before[i]!) * 1000) / requests));
  return { rate: metrics.http_reqs.rate, p95: metrics.http_req_duration['p(95)'], failed: metrics.http_req_failed?.value ?? 0, cpu };
}

function get(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A demo app container published on loopback and the namespace's host end, and on the environment's network, like both routers reach it. */
async function startApp(colour: Colour, network: string, ns: ClientNamespace): Promise<number> {
  const hostPort = await freePort();
  const version = colour === 'blue' ? 'v1' : 'v2';
  const app = await docker.createContainer({
    name: appName(colour),
    Image: `${E2E_IMAGE}:${version}`,
    Env: [`PORT=${APP_PORT}`, `FERRY_VERSION=${version}`, `FERRY_COLOUR=${colour}`],
    Labels: { 'ferry.app': APP, 'ferry.env': ENV, 'ferry.colour': colour, 'ferry.version': version },
    ExposedPorts: { [`${APP_PORT}/tcp`]: {} },
    // no image HEALTHCHECK: its `node -e` every 2 s is CPU on the cores the measured request path shares
    Healthcheck: { Test: ['NONE'] },
    HostConfig: { Init: true, PortBindings: { [`${APP_PORT}/tcp`]: ['127.0.0.1', ns.hostIp].map((HostIp) => ({ HostIp, HostPort: String(hostPort) })) } },
  });
  await app.start();
  await docker.getNetwork(network).connect({ Container: appName(colour) });
  await until(async () => (await get(hostPort)) === 200, 30_000, 50);
  return hostPort;
}

/** Switch back and forth; each: call → confirmed through the router, and the apply (write, test, reload) part of it. */
async function switchTimes(router: Router, targets: [RouterTarget, RouterTarget]): Promise<{ total: number[]; apply: number[]; confirm: number[] }> {
  const out = { total: [] as number[], apply: [] as number[], confirm: [] as number[] };
  for (let i = 0; i < SWITCHES; i++) {
    const started = Date.now();
    const result = await router.switchTo(targets[(i + 1) % 2]!);
    out.total.push(result.confirmedAt - started);
    out.apply.push(result.appliedAt - started);
    out.confirm.push(result.confirmedAt - result.appliedAt);
    await router.waitForDrain({ timeoutMs: 10_000 });
  }
  return out;
}

/** A 10 % split and 0 % from it (the abort), each: call → confirmed by the count through the router. */
async function splitTimes(router: Router, [stable, canary]: [RouterTarget, RouterTarget]): Promise<{ set: number[]; abort: number[] }> {
  const out = { set: [] as number[], abort: [] as number[] };
  for (let i = 0; i < SPLITS; i++) {
    for (const [percent, times] of [[10, out.set], [0, out.abort]] as const) {
      const started = Date.now();
      times.push((await router.setSplit({ stable, canary, canaryPercent: percent })).confirmedAt - started);
    }
    await router.waitForDrain({ timeoutMs: 10_000 });
  }
  return out;
}

async function cleanup(routers: Router[], dirs: string[], network: string, ns: ClientNamespace | null): Promise<void> {
  for (const router of routers) await router.remove().catch(() => undefined);
  for (const colour of ['blue', 'green'] as const) await docker.getContainer(appName(colour)).remove({ force: true }).catch(() => undefined);
  await engine.removeNetwork(network).catch(() => undefined); // the routers could not while the apps were on it
  await ns?.remove();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}

/** Host pids of a container's long-lived processes of one kind: nginx's workers, or the app's server. */
async function containerPids(name: string, marker: 'nginx: worker process' | 'server.js'): Promise<number[]> {
  return (await engine.processes(name)).filter((p) => p.args.includes(marker)).map((p) => p.pid);
}

async function main(): Promise<void> {
  await buildImages();
  const work = await mkdtemp(path.join(os.tmpdir(), 'ferry-bench-router-'));
  const routerPort = await freePort();
  const routerOptions: ContainerRouterOptions = {
    app: APP,
    env: ENV,
    image: ROUTER_IMAGE,
    listen: { host: '127.0.0.1', port: routerPort },
    probeAt: { host: '127.0.0.1', port: routerPort },
    drainMs: 2000,
    upstreams: { blue: { host: appName('blue'), port: APP_PORT }, green: { host: appName('green'), port: APP_PORT } },
  };
  const container = new ContainerRouter(engine, routerOptions);
  const hostListen = { host: '127.0.0.1', port: await freePort() };
  const host = new NginxRouter({ stateDir: path.join(work, 'state'), app: APP, env: ENV, listen: hostListen, drainMs: 2000 });
  let ns: ClientNamespace | null = null;
  let nsRouter: ContainerRouter | null = null;
  try {
    ns = await makeClientNamespace(process.pid % 100_000);
    // the same router published on the namespace's host end (a router publishes one address): a second container beside it
    const nsAt = { host: ns.hostIp, port: await freePort() };
    nsRouter = new ContainerRouter(engine, { ...routerOptions, name: `${APP}-${ENV}-router-ns`, listen: nsAt, probeAt: nsAt });
    await container.ensureRunning();
    await nsRouter.ensureRunning();
    const ports = { blue: await startApp('blue', container.network, ns), green: await startApp('green', container.network, ns) };
    await host.preflight();
    await host.ensureRunning();
    const hostTargets: [RouterTarget, RouterTarget] = [
      { colour: 'blue', port: ports.blue, version: 'v1' },
      { colour: 'green', port: ports.green, version: 'v2' },
    ];
    const containerTargets: [RouterTarget, RouterTarget] = [
      { colour: 'blue', port: APP_PORT, version: 'v1' },
      { colour: 'green', port: APP_PORT, version: 'v2' },
    ];
    await host.switchTo(hostTargets[0]);
    await container.switchTo(containerTargets[0]);
    await nsRouter.switchTo(containerTargets[0]);

    // 1. throughput, interleaved
    const script = path.join(work, 'health.js');
    await writeFile(script, K6_SCRIPT);
    const app = () => containerPids(appName('blue'), 'server.js');
    // the router logs every request to stdout: the engine's shim and dockerd carry those lines (dockerd also does the other helpers' work)
    const routerEngine = async (router: ContainerRouter) => {
      const { dockerd, shim } = await enginePids(await router.mainPid());
      return { 'shim+dockerd': [...shim, ...dockerd] };
    };
    const appEngine = async () => ({ 'shim+dockerd': (await enginePids(null)).dockerd });
    const nsDirect = ns.hostIp;
    const targets: Record<string, Target> = {
      direct: { url: `http://127.0.0.1:${ports.blue}/health`, serving: async () => ({ 'docker-proxy': await dockerProxyPids(ports.blue), app: await app(), ...(await appEngine()) }) },
      'host router': {
        url: `http://127.0.0.1:${hostListen.port}/health`,
        serving: async () => ({ 'docker-proxy': [], nginx: await host.workerPids(), app: await app(), ...(await appEngine()) }),
      },
      'container router': {
        url: `http://127.0.0.1:${routerPort}/health`,
        serving: async () => ({
          'docker-proxy': await dockerProxyPids(routerPort),
          nginx: await containerPids(container.name, 'nginx: worker process'),
          app: await app(),
          ...(await routerEngine(container)),
        }),
      },
      'ns: direct': { url: `http://${nsDirect}:${ports.blue}/health`, ns, serving: async () => ({ 'docker-proxy': [], app: await app(), ...(await appEngine()) }) },
      'ns: container router': {
        url: `http://${nsAt.host}:${nsAt.port}/health`,
        ns,
        serving: async () => ({ 'docker-proxy': [], nginx: await containerPids(nsRouter!.name, 'nginx: worker process'), app: await app(), ...(await routerEngine(nsRouter!)) }),
      },
    };
    const runs: Record<string, Load[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, target] of Object.entries(targets)) {
        runs[name]!.push(await k6(script, path.join(work, `summary-${round}-${name.replace(/\W+/g, '-')}.json`), target, ['127.0.0.1', ns.hostIp]));
      }
    }

    // 2. switch, both routers
    const hostSwitch = await switchTimes(host, hostTargets);
    const containerSwitch = await switchTimes(container, containerTargets);

    // 4. split and abort, both routers (each serves its first target after an even number of switches)
    const hostSplit = await splitTimes(host, hostTargets);
    const containerSplit = await splitTimes(container, containerTargets);

    // 3. recovery by the restart policy alone
    const recovery: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const pid = await container.mainPid();
      if (!pid) throw new Error('router container has no main process');
      await until(async () => (await get(routerPort)) === 200, 30_000);
      const killed = performance.now();
      process.kill(pid, 'SIGKILL');
      await until(async () => (await container.mainPid()) !== pid, 30_000, 1);
      await until(async () => (await get(routerPort)) === 200, 60_000);
      recovery.push(performance.now() - killed);
    }

    const { stdout: k6Version } = await sh(K6, ['version']);
    const info = await docker.version();
    console.log(`ferry bench:router — k6 ${k6Version.trim().split(' ')[1]}, ${VUS} VUs, ${SECONDS}s per run, ${ROUNDS} interleaved rounds, GET /health (${os.cpus().length} cores, docker ${info.Version}, node ${process.version})`);
    console.log(`loopback: 127.0.0.1 through docker-proxy; ns: from namespace ${ns.name} to ${ns.hostIp} through iptables DNAT, as another host's traffic`);
    // each round's ratio against the direct run of the same path next to it: the other helpers' load shifts between rounds
    const directOf = (name: string) => runs[name.startsWith('ns: ') ? 'ns: direct' : 'direct']!;
    const ratios = (name: string, of: (l: Load) => number) => runs[name]!.map((r, i) => of(r) / of(directOf(name)[i]!));
    console.log('throughput:             req/s per round                          median req/s  p95 ms   vs direct per round (median): req/s | p95   failed');
    for (const [name, rs] of Object.entries(runs)) {
      const rateRatios = ratios(name, (l) => l.rate);
      const p95Ratios = ratios(name, (l) => l.p95);
      console.log(
        `  ${name.padEnd(21)} ${rs.map((r) => r.rate.toFixed(0)).join(' / ').padEnd(40)} ${median(rs.map((r) => r.rate)).toFixed(0).padStart(12)}  ${median(rs.map((r) => r.p95)).toFixed(2).padStart(6)}   ` +
          `${rateRatios.map((x) => `${(x * 100).toFixed(0)}%`).join(' ')} (${(median(rateRatios) * 100).toFixed(0)} %) | ${median(p95Ratios).toFixed(2)}x   ${(Math.max(...rs.map((r) => r.failed)) * 100).toFixed(2)} %`,
      );
    }
    console.log('CPU ms per 1000 requests (median of rounds; all share the cores: a ratio is bounded by what the router adds to the total)');
    for (const [name, rs] of Object.entries(runs)) {
      const parts = Object.keys(rs[0]!.cpu).map((process) => [process, median(rs.map((r) => r.cpu[process]!))] as const);
      const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
      console.log(`  ${name.padEnd(21)} ${parts.map(([process, ms]) => `${process} ${ms.toFixed(0)}`).join(', ')}; total ${total.toFixed(0)}`);
    }
    console.log(`switch, host router:      ${fmt(hostSwitch.total)}   (apply ${fmt(hostSwitch.apply)}; confirm ${fmt(hostSwitch.confirm)})`);
    console.log(`switch, container router: ${fmt(containerSwitch.total)}   (apply ${fmt(containerSwitch.apply)}; confirm ${fmt(containerSwitch.confirm)})`);
    console.log(`split 10 %, host router:      ${fmt(hostSplit.set)}   (0 % from it, the abort: ${fmt(hostSplit.abort)})`);
    console.log(`split 10 %, container router: ${fmt(containerSplit.set)}   (0 % from it, the abort: ${fmt(containerSplit.abort)})`);
    console.log(`router recovery:          ${fmt(recovery)}   (kill -9 of the container's nginx master → first 200, restart policy only)`);
  } finally {
    await cleanup([host, container, ...(nsRouter ? [nsRouter] : [])], [work], container.network, ns);
  }
}

await main();
