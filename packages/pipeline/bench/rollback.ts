// pnpm bench:rollback [N] — warm rollback end to end: deploy v1 then v2 of the e2e demo image, then time N
// `ferry rollback --to <other> --yes` back and forth while both colours run (whole CLI process, wall clock),
// for the host router, the router container on the local engine, and the router container on a second
// engine (tcp:// in a network namespace of the bench's own), printed side by side in one run.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Dockerode from 'dockerode';
import buildImages from '../test/support/global-setup.js';
import { ferry } from '../test/support/ferry.js';
import { attemptAll, makeEnvironment, type TestEnvironment } from '../test/support/environment.js';
import { E2E_IMAGE, ROUTER_IMAGE } from '../test/support/images.js';
import { startSecondEngine, type SecondEngine } from '../test/support/second-engine.js';

const ROUNDS = Number(process.argv[2] ?? 8);
const TAGS = ['v1', 'v2'] as const;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0).padStart(4)} ms, min ${Math.min(...xs).toFixed(0).padStart(4)}, max ${Math.max(...xs).toFixed(0).padStart(4)} (n=${xs.length})`;

interface Setup {
  label: string;
  runtime: 'host' | 'container';
  engine?: SecondEngine; // the environment's engine, and the build engine (DOCKER_HOST): images are loaded there
}

interface Figures { wall: number[]; flow: number[]; switchMs: number[]; applyMs: number[]; confirmMs: number[] }

/** The environment file, changed for the setup: the router container, and on the second engine its address. */
async function adapt(env: TestEnvironment, setup: Setup): Promise<void> {
  const file = path.join(env.environmentsDir, `${env.env}.yaml`);
  // the deploys only set the scene: on a busy machine the image's HEALTHCHECK may take longer than the tests allow
  let yaml = (await readFile(file, 'utf8')).replace(/deploy_timeout: .*$/m, 'deploy_timeout: 90s');
  const listen = setup.engine ? `0.0.0.0:${env.listen}` : `127.0.0.1:${env.listen}`;
  if (setup.runtime === 'container') yaml = yaml.replace(/^router:\n {2}runtime: host\n {2}listen: .*$/m, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n  listen: ${listen}`);
  await writeFile(file, setup.engine ? `${yaml}engine:\n  host: ${setup.engine.url}\n` : yaml);
}

/** `docker save | docker -H <engine> load`: the demo and router images reach the second engine without a registry. */
function loadImages(engine: SecondEngine): Promise<void> {
  return new Promise((resolve, reject) => {
    const save = spawn('docker', ['save', `${E2E_IMAGE}:v1`, `${E2E_IMAGE}:v2`, ROUTER_IMAGE], { stdio: ['ignore', 'pipe', 'inherit'] });
    const load = spawn('docker', ['-H', engine.url, 'load', '-q'], { stdio: ['pipe', 'ignore', 'inherit'] });
    save.stdout.pipe(load.stdin);
    load.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker load on ${engine.url} exited ${code}`))));
  });
}

async function measure(setup: Setup): Promise<Figures> {
  const env = await makeEnvironment('', { monitor: '1s' });
  await adapt(env, setup);
  // the second engine is also the build engine: the images are looked up there, nothing goes through a registry
  const processEnv = setup.engine ? { DOCKER_HOST: setup.engine.url } : {};
  const run = async (...args: string[]) => {
    const result = await ferry(env.args(...args), processEnv);
    if (result.code !== 0) throw new Error(`${setup.label}: ferry ${args.join(' ')} failed (${result.code}): ${result.stderr.slice(-2000)}`);
    return result;
  };
  try {
    for (const tag of TAGS) await run('deploy', '--tag', tag);
    const figures: Figures = { wall: [], flow: [], switchMs: [], applyMs: [], confirmMs: [] };
    for (let i = 0; i < ROUNDS; i++) {
      const to = TAGS[i % 2]!; // v2 serves first: back to v1, then forward to v2, ...
      const started = performance.now();
      const result = await run('rollback', '--to', to, '--yes', '--json');
      figures.wall.push(performance.now() - started);
      const body = JSON.parse(result.stdout);
      if (body.to?.version !== to || body.outcome !== 'succeeded') throw new Error(`${setup.label}: rollback to ${to} ended ${body.outcome} on ${body.to?.version}`);
      if (!/\(warm\)/.test(result.stderr)) throw new Error(`${setup.label}: rollback to ${to} was not warm:\n${result.stderr}`);
      figures.flow.push(body.timings.totalMs);
      figures.switchMs.push(body.timings.switchMs);
      figures.applyMs.push(body.timings.switchApplyMs);
      figures.confirmMs.push(body.timings.switchConfirmMs);
    }
    return figures;
  } finally {
    await attemptAll([
      () => env.cleanup(),
      async () => {
        const docker = setup.engine?.docker ?? new Dockerode();
        await docker.getNetwork(`ferry-${env.app}-${env.env}`).remove().catch(() => undefined);
      },
    ]);
  }
}

/** Each setup's figures as soon as it is measured: a later setup that fails does not lose them. */
function print(label: string, f: Figures): void {
  console.log(`${label}:`);
  console.log(`  end to end (process start → exit): ${fmt(f.wall)}`);
    console.log(`  of which flow (lock → result):     ${fmt(f.flow)}`);
    console.log(`  of which switch (→ confirmed):     ${fmt(f.switchMs)}`);
    console.log(`    apply (healthy → applied):       ${fmt(f.applyMs)}`);
    console.log(`    confirm (reloaded → confirmed):  ${fmt(f.confirmMs)}`);
}

async function main(): Promise<void> {
  await buildImages();
  console.log(`ferry bench:rollback — ${ROUNDS} warm rollbacks back and forth (ferry rollback --to v1|v2 --yes --json), both colours running (node ${process.version})`);
  for (const setup of [
    { label: 'local engine, host router', runtime: 'host' },
    { label: 'local engine, router container', runtime: 'container' },
  ] satisfies Setup[]) {
    print(setup.label, await measure(setup));
  }
  if (process.env.BENCH_ROLLBACK_REMOTE !== '0') {
    const engine = await startSecondEngine();
    try {
      await loadImages(engine);
      const label = 'second engine (tcp://), router container';
      print(label, await measure({ label, runtime: 'container', engine }));
    } finally {
      await engine.stop();
    }
  }
}

await main();
