// pnpm bench:router — the router's own cost, measured on loopback in one run:
//  1. throughput and p95 (real k6, 20 VUs, GET /health) straight to the app container vs through the
//     host-process router vs through the container router, interleaved so a busy machine hits all alike;
//  2. switch: new colour healthy → traffic confirmed through the router, split into apply and confirm;
//  3. recovery: kill -9 of the router container's main process → first good request, by the engine alone.
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
import { ContainerRouter } from '../src/ports/router/container-router.js';
import { NginxRouter } from '../src/ports/router/nginx.js';
import type { Router, RouterTarget } from '../src/ports/router/types.js';
import buildImages from '../test/support/global-setup.js';
import { freePort } from '../test/support/environment.js';
import { E2E_IMAGE, ROUTER_IMAGE } from '../test/support/images.js';

// k6 on PATH, else this machine's copy; K6=/path/to/k6 overrides both
const K6 = process.env.K6 ?? findProgram('k6', process.env.PATH) ?? '/work/shared/tools/k6';
const VUS = 20;
const SECONDS = Number(process.env.BENCH_ROUTER_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUTER_ROUNDS ?? 6);
const SWITCHES = 10;
const KILLS = 3;
const APP = 'bench-router';
const ENV = `b${process.pid}`;
const APP_PORT = 3000;

const docker = new Dockerode();
const engine = new DockerEngine(docker);
const sh = promisify(execFile);
const appName = (colour: Colour) => `${APP}-${ENV}-${colour}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (n=${xs.length})`;

interface Load { rate: number; p95: number; failed: number }

const K6_SCRIPT = `import http from 'k6/http';
export const options = { vus: ${VUS}, duration: '${SECONDS}s', discardResponseBodies: true };
export default function () { http.get(__ENV.URL); }
`;

/** One bounded k6 run against a loopback URL; requests/s and p95 from its summary. */
async function k6(script: string, summary: string, url: string): Promise<Load> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error(`bench traffic goes to 127.0.0.1 only, not ${url}`);
  await sh(K6, ['run', '--quiet', '--no-usage-report', '--summary-export', summary, '-e', `URL=${url}`, script], { timeout: (SECONDS + 60) * 1000 });
  const { metrics } = JSON.parse(await readFile(summary, 'utf8'));
  return { rate: metrics.http_reqs.rate, p95: metrics.http_req_duration['p(95)'], failed: metrics.http_req_failed?.value ?? 0 };
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

/** A demo app container published on loopback and on the environment's network, like both routers reach it. */
async function startApp(colour: Colour, network: string): Promise<number> {
  const hostPort = await freePort();
  const version = colour === 'blue' ? 'v1' : 'v2';
  await engine.start({
    name: appName(colour),
    image: `${E2E_IMAGE}:${version}`,
    env: { PORT: String(APP_PORT), FERRY_VERSION: version, FERRY_COLOUR: colour },
    labels: { 'ferry.app': APP, 'ferry.env': ENV, 'ferry.colour': colour, 'ferry.version': version },
    network: 'bridge',
    containerPort: APP_PORT,
    hostPort,
  });
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
    out.apply.push(result.reloadedAt - started);
    out.confirm.push(result.confirmedAt - result.reloadedAt);
    await router.waitForDrain({ timeoutMs: 10_000 });
  }
  return out;
}

async function cleanup(routers: Router[], dirs: string[]): Promise<void> {
  for (const router of routers) await router.remove().catch(() => undefined);
  for (const colour of ['blue', 'green'] as const) await docker.getContainer(appName(colour)).remove({ force: true }).catch(() => undefined);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  await buildImages();
  const work = await mkdtemp(path.join(os.tmpdir(), 'ferry-bench-router-'));
  const routerPort = await freePort();
  const container = new ContainerRouter(engine, {
    app: APP,
    env: ENV,
    image: ROUTER_IMAGE,
    listen: { host: '127.0.0.1', port: routerPort },
    probeAt: { host: '127.0.0.1', port: routerPort },
    drainMs: 2000,
    upstreams: { blue: { host: appName('blue'), port: APP_PORT }, green: { host: appName('green'), port: APP_PORT } },
  });
  const hostListen = { host: '127.0.0.1', port: await freePort() };
  const host = new NginxRouter({ stateDir: path.join(work, 'state'), app: APP, env: ENV, listen: hostListen, drainMs: 2000 });
  try {
    await container.ensureRunning();
    const ports = { blue: await startApp('blue', container.network), green: await startApp('green', container.network) };
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

    // 1. throughput, interleaved
    const script = path.join(work, 'health.js');
    await writeFile(script, K6_SCRIPT);
    const targets = {
      direct: `http://127.0.0.1:${ports.blue}/health`,
      'host router': `http://127.0.0.1:${hostListen.port}/health`,
      'container router': `http://127.0.0.1:${routerPort}/health`,
    };
    const runs: Record<string, Load[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url] of Object.entries(targets)) runs[name]!.push(await k6(script, path.join(work, `summary-${round}-${name.replace(' ', '-')}.json`), url));
    }

    // 2. switch, both routers
    const hostSwitch = await switchTimes(host, hostTargets);
    const containerSwitch = await switchTimes(container, containerTargets);

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
    console.log(`ferry bench:router — k6 ${k6Version.trim().split(' ')[1]}, ${VUS} VUs, ${SECONDS}s per run, ${ROUNDS} interleaved rounds, GET /health on loopback (${os.cpus().length} cores, docker ${info.Version}, node ${process.version})`);
    // each round's ratio against the direct run next to it: the other helpers' load shifts between rounds
    const ratios = (rs: Load[], of: (l: Load) => number) => rs.map((r, i) => of(r) / of(runs.direct![i]!));
    console.log('throughput:         req/s per round                  median req/s  p95 ms   vs direct per round (median): req/s | p95   failed');
    for (const [name, rs] of Object.entries(runs)) {
      const rateRatios = ratios(rs, (l) => l.rate);
      const p95Ratios = ratios(rs, (l) => l.p95);
      console.log(
        `  ${name.padEnd(17)} ${rs.map((r) => r.rate.toFixed(0)).join(' / ').padEnd(32)} ${median(rs.map((r) => r.rate)).toFixed(0).padStart(12)}  ${median(rs.map((r) => r.p95)).toFixed(2).padStart(6)}   ` +
          `${rateRatios.map((x) => `${(x * 100).toFixed(0)}%`).join(' ')} (${(median(rateRatios) * 100).toFixed(0)} %) | ${median(p95Ratios).toFixed(2)}x   ${(Math.max(...rs.map((r) => r.failed)) * 100).toFixed(2)} %`,
      );
    }
    console.log(`switch, host router:      ${fmt(hostSwitch.total)}   (apply ${fmt(hostSwitch.apply)}; confirm ${fmt(hostSwitch.confirm)})`);
    console.log(`switch, container router: ${fmt(containerSwitch.total)}   (apply ${fmt(containerSwitch.apply)}; confirm ${fmt(containerSwitch.confirm)})`);
    console.log(`router recovery:          ${fmt(recovery)}   (kill -9 of the container's nginx master → first 200, restart policy only)`);
  } finally {
    await cleanup([host, container], [work]);
  }
}

await main();
