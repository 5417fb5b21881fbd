import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry, spawnFerry } from './support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { startLoad } from './support/load.js';
import { servedVersion } from './support/served-version.js';
import { waitFor } from './support/wait.js';
import type { ReleaseReport } from '../src/state/report-types.js';

// container/replicas end to end through the CLI, on the router container: each colour runs N containers, the
// router's upstream sends requests to every one, a deploy and a warm rollback switch all N at once under load.

const docker = new Dockerode();
const REPLICAS = 3;

/** The running containers of a colour, by name, with their address on the environment's network. */
async function replicasOf(env: TestEnvironment, colour: string): Promise<{ name: string; address: string }[]> {
  const found = await docker.listContainers({ filters: { label: [`ferry.app=${env.app}`, `ferry.env=${env.env}`, `ferry.colour=${colour}`], status: ['running'] } });
  return found
    .map((c) => ({ name: c.Names[0]!.slice(1), address: `${Object.values(c.NetworkSettings.Networks)[0]!.IPAddress}:3000` }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** The upstream address (X-Ferry-Upstream) and version of `count` requests in a row through the router. */
async function answers(url: string, count: number): Promise<{ upstream: string; version: string }[]> {
  const seen: { upstream: string; version: string }[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    seen.push({ upstream: res.headers.get('x-ferry-upstream') ?? '', version: res.headers.get('x-app-version') ?? '' });
  }
  return seen;
}

/** The report of a release, as `ferry report --json` gives it. */
async function reportOf(env: TestEnvironment, releaseId: string): Promise<ReleaseReport> {
  const shown = await ferry(env.args('report', '--id', releaseId, '--json'));
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout) as ReleaseReport;
}

describe(`container/replicas: ${REPLICAS} containers per colour behind the router`, () => {
  let env: TestEnvironment;
  let file: string;

  beforeAll(async () => {
    env = await makeEnvironment();
    file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const yaml = (await readFile(file, 'utf8'))
      .replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`)
      // the gate is not under test here: a busy machine must not fail it
      .replace('deploy_timeout: 20s', 'deploy_timeout: 10m')
      .replace('container:\n', `container:\n  replicas: ${REPLICAS}\n`);
    await writeFile(file, yaml);
  });

  afterAll(async () => {
    await env.cleanup();
    await docker.getNetwork(`ferry-${env.app}-${env.env}`).remove().catch(() => undefined);
  });

  it('a first deploy starts every replica, each gated, and the router sends requests to all of them', async () => {
    const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(first.code, first.stderr).toBe(0);
    const blue = await replicasOf(env, 'blue');
    const base = `${env.app}-${env.env}-blue`;
    expect(blue.map((r) => r.name)).toEqual([base, `${base}-2`, `${base}-3`]);
    const seen = await answers(`${env.routerUrl}/`, 30);
    expect(new Set(seen.map((a) => a.version))).toEqual(new Set(['v1']));
    // round robin over the colour: every replica answered, and nothing else did
    expect(new Set(seen.map((a) => a.upstream))).toEqual(new Set(blue.map((r) => r.address)));

    const status = await ferry(env.args('status'));
    expect(status.code, status.stderr).toBe(0);
    for (const { name } of blue) expect(status.stdout).toMatch(new RegExp(`replica ${name}: v1 — running`));
  });

  it(`a deploy under 100 req/s switches all ${REPLICAS} at once (0 failed); a warm rollback brings all ${REPLICAS} back`, async () => {
    const load = startLoad(`${env.routerUrl}/`, 100);
    const deploy = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v2');
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(seen.failures).toEqual([]);
    const green = await replicasOf(env, 'green');
    expect(green).toHaveLength(REPLICAS);
    const after = await answers(`${env.routerUrl}/`, 30);
    expect(new Set(after.map((a) => a.version))).toEqual(new Set(['v2']));
    expect(new Set(after.map((a) => a.upstream))).toEqual(new Set(green.map((r) => r.address)));
    // kept warm: every replica of the colour that served before still runs
    expect(await replicasOf(env, 'blue')).toHaveLength(REPLICAS);

    const back = startLoad(`${env.routerUrl}/`, 100);
    const rollback = await ferry(env.args('rollback', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v1');
    const during = await back.stop();
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(during.failures).toEqual([]);
    const blue = await replicasOf(env, 'blue');
    const restored = await answers(`${env.routerUrl}/`, 30);
    expect(new Set(restored.map((a) => a.version))).toEqual(new Set(['v1']));
    expect(new Set(restored.map((a) => a.upstream))).toEqual(new Set(blue.map((r) => r.address)));
  }, 900_000); // two deploys of three containers each, on a busy machine

  it('rolling (--strategy rolling, batch 1) under 100 req/s: 3 replicas replaced one by one, 0 failed, then all v3 and the old replicas gone', async () => {
    const load = startLoad(`${env.routerUrl}/`, 100);
    const deploy = await ferry(env.args('deploy', '--tag', 'v3', '--strategy', 'rolling', '--json'));
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(seen.failures).toEqual([]);
    // while the replicas were replaced both versions answered
    expect(new Set(seen.versions.map((v) => v.version))).toEqual(new Set(['v1', 'v3']));
    const green = await replicasOf(env, 'green');
    expect(green).toHaveLength(REPLICAS);
    const after = await answers(`${env.routerUrl}/`, 30);
    expect(new Set(after.map((a) => a.version))).toEqual(new Set(['v3']));
    expect(new Set(after.map((a) => a.upstream))).toEqual(new Set(green.map((r) => r.address)));
    // replaced, not kept warm: nothing of the old colour runs
    expect(await replicasOf(env, 'blue')).toEqual([]);

    // the report proves it per batch: its replica started and gated, each share confirmed by the probes' answers per colour, its old replica out
    const { releaseId } = JSON.parse(deploy.stdout) as { releaseId: string };
    const rolling = (await reportOf(env, releaseId)).rolling!;
    expect(rolling).toMatchObject({ colours: { old: 'blue', new: 'green' }, replicas: REPLICAS, batchSize: 1, plannedBatches: 3, outcome: 'replaced', failure: null, undo: null });
    expect(rolling.batches.map((b) => [b.batch, b.started, b.gate?.passed, b.retired, b.stopped])).toEqual([[1, [1], true, [1], [1]], [2, [2], true, [2], [2]], [3, [3], true, [3], [3]]]);
    const shares = rolling.batches.flatMap((b) => b.shares);
    // new : old serving = 1:3, 1:2, 2:2, 2:1, 3:1, then green alone (a switch, confirmed as one)
    expect(shares.map((share) => share.percent)).toEqual([25, 33, 50, 67, 75, 100]);
    for (const { percent, observed } of shares.slice(0, -1)) {
      expect(observed!.blue + observed!.green).toBe(200);
      expect(Math.abs(observed!.green / 200 - percent / 100)).toBeLessThan(0.2);
    }
    expect(shares.at(-1)).toMatchObject({ percent: 100, observed: null });
    const text = await ferry(env.args('report', '--id', releaseId));
    expect(text.stdout).toContain('rolling   3 replicas blue → green, 1 a batch · replaced in 3 batches\n');
    expect(text.stdout.match(/batch \d: started green replica \d · gate passed in/g)).toHaveLength(3);
    expect(text.stdout.match(/\d+ % green: blue \d+ · green \d+/g)).toHaveLength(5);
  }, 900_000);

  it('rolling to a broken version stops at its first batch: the gate fails, the new replica goes, v3 serves on with 0 failed (exit 1)', async () => {
    // a gate that must fail need not wait ten minutes
    await writeFile(file, (await readFile(file, 'utf8')).replace('deploy_timeout: 10m', 'deploy_timeout: 15s'));
    const load = startLoad(`${env.routerUrl}/`, 100);
    const deploy = await ferry(env.args('deploy', '--tag', 'broken', '--strategy', 'rolling', '--json'));
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(1);
    expect(seen.failures).toEqual([]);
    expect(new Set(seen.versions.map((v) => v.version))).toEqual(new Set(['v3']));
    expect(await replicasOf(env, 'green')).toHaveLength(REPLICAS);
    expect(await replicasOf(env, 'blue')).toEqual([]);
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v3');

    // the report: batch 1 failed its gate before any share changed; the undo removed its new replica and restarted none
    const { releaseId } = JSON.parse(deploy.stdout) as { releaseId: string };
    const rolling = (await reportOf(env, releaseId)).rolling!;
    expect(rolling).toMatchObject({ colours: { old: 'green', new: 'blue' }, outcome: 'failed', failure: { batch: 1, phase: 'gate', reason: expect.stringContaining('did not become healthy') }, undo: { restarted: [], removed: [1], routerRestored: false } });
    expect(rolling.batches).toEqual([{ batch: 1, started: [1], gate: { passed: false, attempts: null, ms: expect.any(Number) }, shares: [], retired: [], drainMs: null, stopped: [] }]);
    const text = await ferry(env.args('report', '--id', releaseId));
    expect(text.stdout).toContain('rolling   3 replicas green → blue, 1 a batch · FAILED in batch 1 of 3 at its health gate\n');
    expect(text.stdout).toMatch(/^ {12}batch 1: started blue replica 1 · gate FAILED after [\d.]+ m?s$/m);
    expect(text.stdout).toContain('undo: restarted none · removed blue replica 1 · router never changed');
  }, 900_000);

  it('ferry logs shows every replica of the serving colour, each line headed by its name (--follow too); --replica N one alone; --replica 9 is exit 2', async () => {
    const green = await replicasOf(env, 'green');
    const started = (name: string) => new RegExp(`^${name} \\| .*"event":"start","version":"v3","colour":"green"`, 'm');
    const logs = await ferry(env.args('logs'));
    expect(logs.code, logs.stderr).toBe(0);
    for (const { name } of green) {
      expect(logs.stdout).toMatch(started(name));
      expect(logs.stderr).toContain(`logs of ${name} (v3, green)`);
    }

    const follow = spawnFerry(env.args('logs', '--follow'));
    let seen = '';
    follow.child.stdout!.on('data', (d) => (seen += d));
    try {
      await waitFor(async () => green.every(({ name }) => started(name).test(seen)), 30_000);
    } finally {
      follow.child.kill('SIGINT');
    }
    await follow.done;

    const second = await ferry(env.args('logs', '--replica', '2'));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`logs of ${green[1]!.name} (v3, green)`);
    expect(second.stderr).not.toContain(`logs of ${green[0]!.name} `);
    expect(second.stdout).toMatch(/^\{.*"event":"start","version":"v3","colour":"green"/m); // one replica: its lines as they are

    const bad = await ferry(env.args('logs', '--replica', '9'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--replica 9: green of ${env.env} runs replicas 1–3`);
  }, 300_000);

  it('kill -9 mid-rolling: status shows the split; `ferry abort` starts the stopped old replica again (gated), puts 100 % back on it, removes the new ones; 0 failed', async () => {
    await writeFile(file, (await readFile(file, 'utf8')).replace('deploy_timeout: 15s', 'deploy_timeout: 10m'));
    const load = startLoad(`${env.routerUrl}/`, 100);
    const run = spawnFerry(env.args('deploy', '--tag', 'v1', '--strategy', 'rolling', '--plain', '--json'));
    let stderr = '';
    run.child.stderr!.on('data', (d) => (stderr += d));
    // batch 2 begins once batch 1 stopped its old replica
    await waitFor(async () => /batch 2\/3/.test(stderr), 600_000);
    run.child.kill('SIGKILL');
    await run.done;
    expect(await replicasOf(env, 'green')).toHaveLength(REPLICAS - 1);
    const status = await ferry(env.args('status', '--json'));
    expect(JSON.parse(status.stdout).router.split, status.stdout).toMatchObject({ stable: { version: 'v3' }, canary: { version: 'v1' } });
    // a promote gates every new replica: the second was killed while it started (created, or not yet), the third never was
    const promote = await ferry(env.args('promote', '--yes', '--json'));
    expect(promote.code, promote.stderr).toBe(1);
    expect(JSON.parse(promote.stdout).message).toMatch(/replica \S+-[23]: container is (missing|created)/);
    expect(JSON.parse((await ferry(env.args('status', '--json'))).stdout).router.split).toMatchObject({ canary: { version: 'v1' } });
    const abort = await ferry(env.args('abort', '--json'));
    const seen = await load.stop();
    expect(abort.code, abort.stderr).toBe(0);
    expect(abort.stderr).toMatch(/1 stopped replica\(s\) of green started again and passed the gate/);
    expect(seen.failures).toEqual([]);
    const green = await replicasOf(env, 'green');
    expect(green).toHaveLength(REPLICAS);
    expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, `ferry.env=${env.env}`, 'ferry.version=v1'] } })).toEqual([]);
    const after = await answers(`${env.routerUrl}/`, 30);
    expect(new Set(after.map((a) => a.version))).toEqual(new Set(['v3']));
    expect(new Set(after.map((a) => a.upstream))).toEqual(new Set(green.map((r) => r.address)));
  }, 900_000);
});
