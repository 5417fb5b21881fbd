// pnpm bench:switch [N] — deploy back and forth N times under a fixed request rate on loopback and print
// requests, failures, switch time, warm/cold rollback time and `ferry --version` start time, for the
// host router and the router container side by side (BENCH_SWITCH_RUNTIMES=host or =container for one).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import Dockerode from 'dockerode';
import buildImages from '../test/support/global-setup.js';
import { CLI, ferry } from '../test/support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from '../test/support/environment.js';
import { startLoad } from '../test/support/load.js';
import { GOOD_TAGS, ROUTER_IMAGE } from '../test/support/images.js';

const rounds = Number(process.argv[2] ?? 6);
const RATE = 100;
const RUNTIMES = (process.env.BENCH_SWITCH_RUNTIMES ?? 'host,container').split(',') as ('host' | 'container')[];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (n=${xs.length})`;

interface Timed { wallMs: number; flowMs: number } // flow: the command's own total, from its lock to its result

async function timeUntilServing(env: TestEnvironment, args: string[], version: string): Promise<Timed> {
  const started = performance.now();
  const run = await ferry(env.args(...args, '--json'));
  if (run.code !== 0) throw new Error(`ferry ${args.join(' ')} failed: ${run.stderr}`);
  const body = await (await fetch(`${env.routerUrl}/version`)).json();
  if (body.version !== version) throw new Error(`expected ${version}, router answers ${body.version}`);
  return { wallMs: performance.now() - started, flowMs: JSON.parse(run.stdout).timings.totalMs };
}

/** The same environment file, with the router as a container on the engine instead of a host nginx. */
async function useRouterContainer(env: TestEnvironment): Promise<void> {
  const file = path.join(env.environmentsDir, `${env.env}.yaml`);
  const yaml = await readFile(file, 'utf8');
  await writeFile(file, yaml.replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`));
}

interface Figures { sent: number; failed: number; failures: string[]; switchMs: number[]; applyMs: number[]; confirmMs: number[]; warm: Timed[]; cold: Timed[] }

async function measure(runtime: 'host' | 'container'): Promise<Figures> {
  // again per runtime: the cold rollbacks' retention (retain: 3) prunes the first tags of the shared image
  await buildImages();
  const env = await makeEnvironment('', { monitor: '1s' });
  if (runtime === 'container') await useRouterContainer(env);
  try {
    const switchMs: number[] = [];
    const applyMs: number[] = [];
    const confirmMs: number[] = [];
    const warm: Timed[] = [];
    const cold: Timed[] = [];
    expect0(await ferry(env.args('deploy', '--tag', GOOD_TAGS[0])));
    const load = startLoad(`${env.routerUrl}/`, RATE, 600_000);
    for (let i = 1; i <= rounds; i++) {
      const tag = GOOD_TAGS[i % 2];
      const run = await ferry(env.args('deploy', '--tag', tag, '--json'));
      expect0(run);
      const { timings } = JSON.parse(run.stdout);
      switchMs.push(timings.switchMs);
      applyMs.push(timings.switchApplyMs);
      confirmMs.push(timings.switchConfirmMs);
      warm.push(await timeUntilServing(env, ['rollback'], GOOD_TAGS[(i + 1) % 2]));
      await ferry(env.args('deploy', '--tag', tag)); // forward again for the next round
    }
    // Cold: roll back to a tag whose container is gone (only two colours exist).
    for (let i = 0; i < Math.min(3, rounds); i++) {
      const [a, b, c] = [GOOD_TAGS[2], GOOD_TAGS[3], GOOD_TAGS[4]];
      expect0(await ferry(env.args('deploy', '--tag', a)));
      expect0(await ferry(env.args('deploy', '--tag', b)));
      expect0(await ferry(env.args('deploy', '--tag', c)));
      cold.push(await timeUntilServing(env, ['rollback', '--to', a], a));
    }
    const seen = await load.stop();
    return { sent: seen.sent, failed: seen.failed, failures: seen.failures, switchMs, applyMs, confirmMs, warm, cold };
  } finally {
    await env.cleanup();
    await new Dockerode().getNetwork(`ferry-${env.app}-${env.env}`).remove().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const results = new Map<string, Figures>();
  for (const runtime of RUNTIMES) results.set(runtime, await measure(runtime));
  const versionMs = Array.from({ length: 10 }, () => {
    const t = performance.now();
    spawnSync(process.execPath, [CLI, '--version']);
    return performance.now() - t;
  });
  const info = await new Dockerode().version();
  console.log(`ferry bench:switch — ${rounds} rounds at ${RATE} req/s through the router on loopback (docker ${info.Version}, node ${process.version})`);
  for (const [runtime, f] of results) {
    const warmFlow = f.warm.map((t) => t.flowMs);
    const warmWall = f.warm.map((t) => t.wallMs);
    console.log(`router: ${runtime === 'host' ? 'host nginx process' : 'container (ferry/router:local)'}`);
    console.log(`  requests:        ${f.sent} sent, ${f.failed} failed${f.failures.length ? ` (${f.failures.slice(0, 3).join('; ')})` : ''}`);
    console.log(`  switch:          ${fmt(f.switchMs)}   (new colour healthy → traffic confirmed on it)`);
    console.log(`    apply:         ${fmt(f.applyMs)}   (healthy → applied: the live link flipped (router container), or config written, nginx -t, reload)`);
    console.log(`    confirm:       ${fmt(f.confirmMs)}   (applied → a probe answered by the new colour; after a reload also old workers no longer accepting)`);
    console.log(`  warm rollback:   ${fmt(warmWall)}   (command start → router answers the old version)`);
    console.log(`    of which flow: ${fmt(warmFlow)}   (lock → result; the rest is node start, module loading, config, report)`);
    console.log(`  cold rollback:   ${fmt(f.cold.map((t) => t.wallMs))}   (includes the app's own boot and health gate)`);
  }
  console.log(`ferry --version:   ${fmt(versionMs)}`);
}

function expect0(run: { code: number | null; stderr: string }): void {
  if (run.code !== 0) throw new Error(`ferry failed (${run.code}): ${run.stderr.slice(-2000)}`);
}

await main();
