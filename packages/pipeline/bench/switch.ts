// pnpm bench:switch [N] — deploy back and forth N times under a fixed request rate on loopback and print
// requests, failures, switch time, warm/cold rollback time and `ferry --version` start time.
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import Dockerode from 'dockerode';
import buildImages from '../test/support/global-setup.js';
import { CLI, ferry } from '../test/support/ferry.js';
import { makeEnvironment, type TestEnvironment } from '../test/support/environment.js';
import { startLoad } from '../test/support/load.js';
import { GOOD_TAGS } from '../test/support/images.js';

const rounds = Number(process.argv[2] ?? 6);
const RATE = 100;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (n=${xs.length})`;

async function timeUntilServing(env: TestEnvironment, args: string[], version: string): Promise<number> {
  const started = performance.now();
  const run = await ferry(env.args(...args));
  if (run.code !== 0) throw new Error(`ferry ${args.join(' ')} failed: ${run.stderr}`);
  const body = await (await fetch(`${env.routerUrl}/version`)).json();
  if (body.version !== version) throw new Error(`expected ${version}, router answers ${body.version}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  await buildImages();
  const env = await makeEnvironment('', { monitor: '1s' });
  try {
    const switchMs: number[] = [];
    const warmMs: number[] = [];
    const coldMs: number[] = [];
    expect0(await ferry(env.args('deploy', '--tag', GOOD_TAGS[0])));
    const load = startLoad(`${env.routerUrl}/`, RATE, 600_000);
    for (let i = 1; i <= rounds; i++) {
      const tag = GOOD_TAGS[i % 2];
      const run = await ferry(env.args('deploy', '--tag', tag, '--json'));
      expect0(run);
      switchMs.push(JSON.parse(run.stdout).timings.switchMs);
      warmMs.push(await timeUntilServing(env, ['rollback'], GOOD_TAGS[(i + 1) % 2]));
      await ferry(env.args('deploy', '--tag', tag)); // forward again for the next round
    }
    // Cold: roll back to a tag whose container is gone (only two colours exist).
    for (let i = 0; i < Math.min(3, rounds); i++) {
      const [a, b, c] = [GOOD_TAGS[2], GOOD_TAGS[3], GOOD_TAGS[4]];
      expect0(await ferry(env.args('deploy', '--tag', a)));
      expect0(await ferry(env.args('deploy', '--tag', b)));
      expect0(await ferry(env.args('deploy', '--tag', c)));
      coldMs.push(await timeUntilServing(env, ['rollback', '--to', a], a));
    }
    const seen = await load.stop();
    const versionMs = Array.from({ length: 10 }, () => {
      const t = performance.now();
      spawnSync(process.execPath, [CLI, '--version']);
      return performance.now() - t;
    });
    const docker = new Dockerode();
    const info = await docker.version();
    console.log(`ferry bench:switch — ${rounds} rounds at ${RATE} req/s through nginx on loopback (docker ${info.Version}, node ${process.version})`);
    console.log(`requests:        ${seen.sent} sent, ${seen.failed} failed${seen.failures.length ? ` (${seen.failures.slice(0, 3).join('; ')})` : ''}`);
    console.log(`switch:          ${fmt(switchMs)}   (new colour healthy → traffic confirmed on it)`);
    console.log(`warm rollback:   ${fmt(warmMs)}   (command start → router answers the old version)`);
    console.log(`cold rollback:   ${fmt(coldMs)}   (includes the app's own boot and health gate)`);
    console.log(`ferry --version: ${fmt(versionMs)}`);
  } finally {
    await env.cleanup();
  }
}

function expect0(run: { code: number | null; stderr: string }): void {
  if (run.code !== 0) throw new Error(`ferry failed (${run.code}): ${run.stderr.slice(-2000)}`);
}

await main();
