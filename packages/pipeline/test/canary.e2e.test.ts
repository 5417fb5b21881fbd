import { readFile, writeFile } from 'node:fs/promises';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryEnvironment, canaryReport as report } from './support/canary.js';
import { ferry, said, spawnFerry } from './support/ferry.js';
import type { TestEnvironment } from './support/environment.js';
import { startLoad } from './support/load.js';
import { servedVersion } from './support/served-version.js';
import { waitFor } from './support/wait.js';

// strategy canary end to end through the CLI, on the router container: weights step by step under load,
// each step judged on what each colour answered (the router's access log), abort on a failing canary.

const docker = new Dockerode();
// the share the new version answered in a step vs its weight: percentage points either way (see router split)
const SHARE_TOLERANCE = 8;

describe('canary: weights step by step, judged per colour, aborted when the canary fails', () => {
  let env: TestEnvironment;
  let file: string;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ env, file, cleanup } = await canaryEnvironment()); // v1 serves: a first release has no stable version to compare
  });

  afterAll(() => cleanup?.());

  it('10 → 50 → 100 under 100 req/s: each step\'s share within tolerance of its weight, 0 failed, then all v2', async () => {
    const load = startLoad(`${env.routerUrl}/`, 100);
    const deploy = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    if (deploy.code !== 0) await load.stop();
    expect(deploy.code, said(deploy)).toBe(0); // a failed deploy says why, not a wait for v2 that times out
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v2');
    const seen = await load.stop();
    expect(seen.failures).toEqual([]);

    const { canary } = await report(env, deploy.stdout);
    expect(canary?.outcome).toBe('promoted');
    const passed = canary!.steps.filter((step) => step.verdict === 'pass');
    expect(passed.map((step) => step.weight)).toEqual([10, 50]);
    for (const step of passed) {
      expect(step.source).toBe('access log'); // every request counted, the load's as well as the probe's
      const share = (100 * step.canary.requests) / (step.canary.requests + step.stable.requests);
      expect(Math.abs(share - step.weight), `step ${step.step}: ${share.toFixed(1)} % answered by the canary`).toBeLessThanOrEqual(SHARE_TOLERANCE);
      expect(step.canary.failures + step.stable.failures).toBe(0);
    }
    // after the promotion nothing answers from v1
    const after = startLoad(`${env.routerUrl}/`, 50);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const later = await after.stop();
    expect(new Set(later.versions.map((v) => v.version))).toEqual(new Set(['v2']));
  });

  it('a canary failing 5 % of requests is aborted at its first step: stable answers never fail, exit 1, v2 serves alone', async () => {
    const load = startLoad(`${env.routerUrl}/`, 100);
    const deploy = await ferry(env.args('deploy', '--tag', 'error5', '--json'));
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(1);
    expect(JSON.parse(deploy.stdout).message).toMatch(/canary aborted: step 1 \(10 %\) failed its analysis: error rate [\d.]+ % .* limit analysis\.max_error_rate 1\.0 %/);
    // what failed came from the canary only (10 % of 100 req/s failing 5 %: ~0.5 a second, so maybe none of this load's)
    expect(seen.failedVersions.filter((version) => version !== 'error5')).toEqual([]);

    const { canary } = await report(env, deploy.stdout);
    expect(canary).toMatchObject({ outcome: 'aborted', steps: [{ step: 1, weight: 10, verdict: 'fail' }] });
    expect(canary!.abortToZeroMs).not.toBeNull();
    expect(canary!.steps[0]!.canary.failures).toBeGreaterThan(0);
    expect(canary!.steps[0]!.stable.failures).toBe(0);

    const after = startLoad(`${env.routerUrl}/`, 50);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const later = await after.stop();
    expect(later.failures).toEqual([]);
    expect(new Set(later.versions.map((v) => v.version))).toEqual(new Set(['v2']));
    const names = (await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.version=error5'] } })).map((c) => c.Names[0]);
    expect(names).toEqual([]); // the canary is gone
  });

  it('too little traffic for min_requests: the step is extended, then fails as inconclusive naming min_requests', async () => {
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace('min_requests: 20, max_extensions: 1', 'min_requests: 5000, max_extensions: 1').replace('step_duration: 4s', 'step_duration: 2s'));
    try {
      const deploy = await ferry(env.args('deploy', '--tag', 'v3', '--json'));
      expect(deploy.code, deploy.stderr).toBe(1);
      expect(JSON.parse(deploy.stdout).message).toMatch(/step 1 \(10 %\) is inconclusive after 1 extension\(s\) \(analysis\.max_extensions\): \d+ request\(s\) reached the canary in this step, fewer than analysis\.min_requests \(5000\)/);
      const { canary } = await report(env, deploy.stdout);
      expect(canary!.steps.map((step) => [step.extension, step.verdict])).toEqual([
        [0, 'inconclusive'],
        [1, 'inconclusive'],
      ]);
      expect(await servedVersion(`${env.routerUrl}/`)).toBe('v2');
    } finally {
      await writeFile(file, yaml);
    }
  });

  describe('a pause step, promote and abort from another shell, and a canary whose deploy is killed', () => {
    let yaml: string;
    beforeAll(async () => {
      yaml = await readFile(file, 'utf8');
      await writeFile(file, yaml.replace('steps: [10, 50, 100]', 'steps: [{ weight: 30, pause: true }]').replace('min_requests: 20', 'min_requests: 5').replace('step_duration: 4s', 'step_duration: 2s'));
    });
    afterAll(() => writeFile(file, yaml));

    /** A canary deploy running in the background until its pause step holds (its output says so). */
    async function pausedCanary(tag: string) {
      const run = spawnFerry(env.args('deploy', '--tag', tag, '--plain', '--json'));
      let stderr = '';
      run.child.stderr!.on('data', (d) => (stderr += d));
      await waitFor(async () => /paused at 30 %/.test(stderr), 120_000);
      // the plain renderer printed the judged step's figures before the pause
      expect(stderr).toMatch(/step 1\/1 \(30 %\): canary (blue|green) \d+ req, 0 failed, p95 [\d.]+ ms · stable (blue|green) \d+ req, 0 failed, p95 [\d.]+ ms \((access log|probe)\) → pass/);
      return run;
    }

    it('holds at the pause step until `ferry promote` from another shell; then 100 %, exit 0', async () => {
      const load = startLoad(`${env.routerUrl}/`, 100);
      const deploy = await pausedCanary('v3');
      const status = JSON.parse((await ferry(env.args('status', '--json'))).stdout);
      expect(status.router.split).toMatchObject({ stable: { version: 'v2' }, canary: { version: 'v3' }, canaryPercent: 30 });
      // the step, as the running deploy recorded it beside the router's split
      expect(status.canary).toMatchObject({ step: 1, steps: 1, weight: 30, version: 'v3', paused: true });
      const shown = await ferry(env.args('status'));
      expect(shown.stdout).toMatch(/^ {9}canary step 1\/1: 30 % to (blue|green) \(v3\), paused until ferry promote or ferry abort$/m);
      const promote = await ferry(env.args('promote'));
      expect(promote.code, promote.stderr).toBe(0);
      expect(promote.stdout).toMatch(/the running canary \(pid \d+ .*\) took the promote request/);
      const done = await deploy.done;
      if (done.code !== 0) await load.stop();
      expect(done.code, said(done)).toBe(0);
      await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v3');
      const seen = await load.stop();
      expect(seen.failures).toEqual([]);
      const { canary } = await report(env, done.stdout);
      expect(canary).toMatchObject({ outcome: 'promoted', steps: [{ weight: 30, verdict: 'pass' }] });
    });

    it('`ferry abort` from another shell ends a paused canary: weight 0, the canary removed, exit 1', async () => {
      const load = startLoad(`${env.routerUrl}/`, 100);
      const deploy = await pausedCanary('v4');
      const abort = await ferry(env.args('abort'));
      expect(abort.code, abort.stderr).toBe(0);
      const done = await deploy.done;
      const seen = await load.stop();
      expect(done.code, done.stderr).toBe(1);
      expect(JSON.parse(done.stdout).message).toMatch(/ferry abort was asked for/);
      expect(seen.failures).toEqual([]);
      expect(await servedVersion(`${env.routerUrl}/`)).toBe('v3');
      expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.version=v4'] } })).toEqual([]);
    });

    it('kill -9 mid-canary: the split stays, status shows it, `ferry abort` puts 100 % back on the stable version', async () => {
      const load = startLoad(`${env.routerUrl}/`, 100);
      const deploy = await pausedCanary('v4');
      deploy.child.kill('SIGKILL');
      await deploy.done;
      const status = await ferry(env.args('status', '--json'));
      expect(status.code, status.stderr).toBe(0); // v3 serves (at 70 %)
      expect(JSON.parse(status.stdout).router.split).toMatchObject({ stable: { version: 'v3' }, canary: { version: 'v4' }, canaryPercent: 30 });
      // the killed deploy recorded step 1, but nothing vouches for it any more: status does not invent it
      expect(JSON.parse(status.stdout).canary).toMatchObject({ step: null, weight: 30, version: 'v4', unknownWhy: expect.stringMatching(/no deploy runs it any more/) });
      const abort = await ferry(env.args('abort', '--json'));
      const seen = await load.stop();
      expect(abort.code, abort.stderr).toBe(0);
      expect(JSON.parse(abort.stdout).message).toMatch(/the canary v4 on \w+ got weight 0 \(confirmed\) and was removed; v3 on \w+ serves alone/);
      expect(seen.failures).toEqual([]);
      expect(new Set(seen.versions.map((v) => v.version))).toEqual(new Set(['v3', 'v4'])); // the split really served both
      expect(JSON.parse((await ferry(env.args('status', '--json'))).stdout).router.split).toBeNull();
      expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.version=v4'] } })).toEqual([]);
    });
  });
});
