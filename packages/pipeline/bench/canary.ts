// pnpm bench:canary [N] — a canary's own cost, through the CLI on the router container of the local engine:
//  1. a full progression 10 → 25 → 50 → 100 under 100 req/s: failed requests (target 0) and the overhead of each
//     step beyond step_duration (set the weight, confirm it, read the access log, judge; target < 200 ms);
//  2. N canaries of a version failing 5 % of requests: time from the abort decision to weight 0 confirmed through
//     the router (target < 1 s), and what the stable version's answers saw meanwhile (target 0 failed).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import type { ReleaseReport } from '../src/state/report-types.js';
import buildImages from '../test/support/global-setup.js';
import { ferry } from '../test/support/ferry.js';
import { attemptAll, HOST_ROUTER, makeEnvironment } from '../test/support/environment.js';
import { ROUTER_IMAGE } from '../test/support/images.js';
import { startLoad } from '../test/support/load.js';

const ABORTS = Number(process.argv[2] ?? 3);
const STEP_S = 3;
const RATE = 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (n=${xs.length})`;

async function main(): Promise<void> {
  await buildImages();
  const env = await makeEnvironment('probe: { rate: 50, path: / }\n', { monitor: '1s' });
  const file = path.join(env.environmentsDir, `${env.env}.yaml`);
  const yaml = (await readFile(file, 'utf8'))
    .replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`)
    .replace('deploy_timeout: 20s', 'deploy_timeout: 5m')
    // no tag of the shared e2e image is pruned by this environment's releases
    .replace('retain: 3', 'retain: 20')
    .replace('strategy:\n', `strategy:\n  type: canary\n  steps: [10, 25, 50, 100]\n  step_duration: ${STEP_S}s\n  analysis: { max_error_rate: 1%, min_requests: 10, max_extensions: 0 }\n`);
  await writeFile(file, yaml);
  const run = async (...args: string[]) => ferry(env.args(...args, '--json'));
  const reportOf = async (stdout: string): Promise<ReleaseReport> => JSON.parse((await ferry(env.args('report', '--id', JSON.parse(stdout).releaseId, '--json'))).stdout);
  try {
    const first = await run('deploy', '--tag', 'v1');
    if (first.code !== 0) throw new Error(`deploy v1 failed (${first.code}): ${first.stderr.slice(-2000)}`);

    const load = startLoad(`${env.routerUrl}/`, RATE);
    const full = await run('deploy', '--tag', 'v2');
    const seen = await load.stop();
    if (full.code !== 0) throw new Error(`canary v2 failed (${full.code}): ${full.stderr.slice(-2000)}`);
    const { canary } = await reportOf(full.stdout);
    const watched = canary!.steps.reduce((sum, step) => sum + step.durationMs, 0);
    const overhead = (canary!.spanMs! - watched) / canary!.steps.length;
    // where it goes: each step's change (asked → weight took effect) and read (its end → figures read)
    const parts = canary!.steps.map((s) => `${s.weight} %: change ${s.changeMs ?? '?'} ms, read ${s.readMs ?? '?'} ms`).join('; ');

    const aborts: number[] = [];
    let stableFailed = 0;
    let sent = 0;
    for (let i = 0; i < ABORTS; i++) {
      const during = startLoad(`${env.routerUrl}/`, RATE);
      const aborted = await run('deploy', '--tag', 'error5');
      const result = await during.stop();
      if (aborted.code !== 1) throw new Error(`the failing canary ended ${aborted.code}, not 1: ${aborted.stderr.slice(-2000)}`);
      const report = await reportOf(aborted.stdout);
      aborts.push(report.canary!.abortToZeroMs!);
      stableFailed += result.failedVersions.filter((version) => version !== 'error5').length;
      sent += result.sent;
    }

    console.log(`ferry bench:canary — router container, ${RATE} req/s of load through it, steps 10/25/50 % × ${STEP_S} s`);
    console.log(`full progression:   ${seen.sent} requests, ${seen.failed} failed (target 0); steps ${canary!.steps.map((s) => `${s.weight} %: ${s.canary.requests}/${s.canary.requests + s.stable.requests} to the canary`).join(', ')}`);
    if (seen.failed > 0) console.log(`  failed as:       ${[...new Set(seen.failures)].join(', ')} (versions ${[...new Set(seen.failedVersions)].join(', ') || 'none answered'})`);
    console.log(`per-step overhead:  ${overhead.toFixed(0)} ms beyond step_duration (span ${canary!.spanMs} ms for ${canary!.steps.length} × ${STEP_S * 1000} ms watched; target < 200 ms)`);
    console.log(`  of which:         ${parts}`);
    console.log(`abort → weight 0:   ${fmt(aborts)} (decision → confirmed through the router; target < 1000 ms)`);
    console.log(`stable during aborts: ${stableFailed} failed of ${sent} requests sent (target 0; the canary's own 5 % are expected)`);
  } finally {
    await attemptAll([() => ferry(env.args('remove', '--yes')), () => env.cleanup(), () => new Dockerode().getNetwork(`ferry-${env.app}-${env.env}`).remove().catch(() => undefined)]);
  }
}

await main();
