// Outcomes that stay true: an undo that really fails (exit 3), a failure after the point of no return
// (exit 0, the new release serves, nothing called a rollback), and pruning that leaves another
// environment's images alone. Every fault is triggered on observed state or from inside the run, never on a sleep.
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { ferry, ferryExpecting, said, spawnFerry } from './support/ferry.js';
import { freePort, makeEnvironment, stopNginx, type TestEnvironment } from './support/environment.js';
import { E2E_IMAGE, REPO_ROOT } from './support/images.js';

const docker = new Dockerode();
const yamlOf = (env: TestEnvironment, name = env.env) => path.join(env.environmentsDir, `${name}.yaml`);
const editYaml = async (env: TestEnvironment, edit: (yaml: string) => string) => writeFile(yamlOf(env), edit(await readFile(yamlOf(env), 'utf8')));
const servedVersion = async (env: TestEnvironment) => ((await (await fetch(`${env.routerUrl}/version`)).json()) as { version: string }).version;
const containersOf = (app: string) => docker.listContainers({ all: true, filters: { label: [`ferry.app=${app}`] } });

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('truthful outcomes', () => {
  let env: TestEnvironment | undefined;
  afterEach(async () => {
    await env?.cleanup();
    env = undefined;
  });

  it('an undo that really fails (the set-aside v1 removed behind Ferry\'s back during the health gate): exit 3, a human must act', async () => {
    env = await makeEnvironment('', { monitor: '1s', keepPrevious: true });
    // A deadline far away: the health gate ends when the test removes the new container, not on the machine's speed.
    await editYaml(env, (y) => y.replace('deploy_timeout: 20s', 'deploy_timeout: 10m'));
    await ferryExpecting(env.args('deploy', '--tag', 'v1'));
    await ferryExpecting(env.args('deploy', '--tag', 'v2')); // v1 stays warm on blue
    const run = spawnFerry(env.args('deploy', '--tag', 'broken', '--json'));
    const app = env.app;
    // The old blue is set aside before the new one is created: once `broken` runs, the set-aside one exists.
    const broken = await waitFor('the broken container running', async () => (await containersOf(app)).find((c) => c.Labels['ferry.version'] === 'broken' && c.State === 'running'));
    const setAside = (await containersOf(app)).find((c) => c.Names.some((n) => n.includes('-replaced-')));
    expect(setAside?.Labels['ferry.version']).toBe('v1');
    await docker.getContainer(setAside!.Id).remove({ force: true });
    await docker.getContainer(broken.Id).remove({ force: true }); // the gate sees it gone at its next probe and fails: recovery starts
    const result = await run.done;
    expect(result.code, said(result)).toBe(3);
    const out = JSON.parse(result.stdout);
    expect(out.outcome).toBe('failed_unrecovered');
    expect(out.message).toMatch(/did not become healthy/);
    expect(out.message).toMatch(/RECOVERY FAILED: Bring back blue \(v1\): /);
    expect(out.message).toMatch(/A human must act: run `ferry status --env test`/);
    expect(out.recoveryErrors).toHaveLength(1);
    const history = JSON.parse((await ferry(env.args('history', '--json'))).stdout);
    expect(history.at(-1)).toMatchObject({ tag: 'broken', outcome: 'failed_unrecovered' });
    expect(await servedVersion(env)).toBe('v2'); // the switch never happened: v2 still serves, v1 is gone
  });

  it('a failure after the point of no return (ledger and reports dir broken during the deploy): exit 0, warnings name them, v2 serves, nothing "rolled back"', async () => {
    env = await makeEnvironment(`loadtest:\n  scenario: smoke\n  rate: 5\n  duration: 1s\n  thresholds:\n    http_req_duration: ['p(95)<2000']\n    http_req_failed: ['rate<0.05']\n`, { monitor: '1s' });
    await ferryExpecting(env.args('deploy', '--tag', 'v1'));
    // A stand-in k6 runs inside the deploy after the switch and before the point of no return: the one moment an
    // outside process can break what Ferry writes next (the ledger line, the report) with no race at all.
    const bin = await mkdtemp(path.join(tmpdir(), 'ferry-k6-breaks-evidence-'));
    const state = env.stateDir;
    try {
      await writeFile(
        path.join(bin, 'k6'),
        `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const state = ${JSON.stringify(state)};
fs.renameSync(path.join(state, 'history.jsonl'), path.join(state, 'history.jsonl.moved'));
fs.mkdirSync(path.join(state, 'history.jsonl')); // the ledger file is now a directory
fs.rmSync(path.join(state, 'reports'), { recursive: true, force: true });
fs.writeFileSync(path.join(state, 'reports'), 'not a directory\\n'); // the reports dir is now a file
const args = process.argv.slice(2);
fs.copyFileSync(${JSON.stringify(path.join(REPO_ROOT, 'fixtures/k6/summary-export-legacy-thresholds-passed.json'))}, args[args.indexOf('--summary-export') + 1]);
`,
      );
      await chmod(path.join(bin, 'k6'), 0o755);
      const run = await ferry(env.args('deploy', '--tag', 'v2'), { PATH: `${bin}:${process.env.PATH}` });
      expect(run.code, said(run)).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('deploy test v2: succeeded_with_warnings (exit 0)');
      expect(run.stdout).toMatch(/^v2 is live on green\. The release stands and serves; 2 steps after the point of no return failed/m);
      expect(run.stdout).toContain(`warning: the ledger line (${path.join(state, 'history.jsonl')}) was not written: EISDIR`);
      expect(run.stdout).toMatch(/^warning: the report \(.+\.json\) was not written: E[A-Z]+/m);
      expect(run.stdout).toContain(`warning: the report (${path.join(state, 'reports')}/`);
      expect(run.stdout).toMatch(/^traffic probe: \d+ requests through the router, 0 failed/m);
      expect(run.stdout + run.stderr).not.toMatch(/rolled back|Recovering/i);
      expect(run.stderr).toMatch(/Point of no return: v2 is live on green; nothing is undone after this/);
      expect(await servedVersion(env)).toBe('v2');
    } finally {
      await rm(bin, { recursive: true, force: true });
      await rm(path.join(state, 'history.jsonl'), { recursive: true, force: true });
      await rename(path.join(state, 'history.jsonl.moved'), path.join(state, 'history.jsonl')).catch(() => undefined);
      await rm(path.join(state, 'reports'), { force: true });
    }
  });
});

describe('pruning across environments on one engine', () => {
  // Our own image name: its tags point at the shared e2e image, so removing them only untags (never the shared tags).
  const image = `ferry-e2e-prune-${process.pid}/demo-app`;
  const tags = ['r1', 'r2', 'r3', 'r4'];
  let env: TestEnvironment | undefined;
  let otherState = '';
  afterEach(async () => {
    await stopNginx(otherState);
    await env?.cleanup(); // removes both environments' containers (same app) and both state dirs
    for (const tag of tags) await docker.getImage(`${image}:${tag}`).remove().catch(() => undefined);
  });

  it("a deploy with retain: 1 keeps the tag another environment's container uses and its rollback targets, and says so", { timeout: 600_000 }, async () => {
    for (const tag of tags) await docker.getImage(`${E2E_IMAGE}:v1`).tag({ repo: image, tag });
    env = await makeEnvironment('', { monitor: '1s', keepPrevious: false });
    const base = (await readFile(yamlOf(env), 'utf8')).replace(`name: ${E2E_IMAGE}`, `name: ${image}`);
    await writeFile(yamlOf(env), base.replace('retain: 3', 'retain: 1'));
    // A second environment beside it: same app and image, its own router, ports and state dir.
    const [listen, blue, green] = [await freePort(), await freePort(), await freePort()];
    otherState = path.join(env.root, 'state-other');
    await mkdir(otherState, { recursive: true });
    await writeFile(
      yamlOf(env, 'other'),
      base
        .replace(`listen: 127.0.0.1:${env.listen}`, `listen: 127.0.0.1:${listen}`)
        .replace(`ports: { blue: ${env.ports.blue}, green: ${env.ports.green} }`, `ports: { blue: ${blue}, green: ${green} }`)
        .replace('state_dir: ../state', 'state_dir: ../state-other'),
    );
    const deploy = async (name: string, tag: string) => {
      const run = await ferry(['deploy', '--tag', tag, '--environments', env!.environmentsDir, '--env', name]);
      expect(run.code, said(run)).toBe(0);
      return run;
    };
    await deploy('other', 'r1');
    await deploy('other', 'r2'); // other: r2 in use, r1 and r2 its rollback targets (retain 3)
    await deploy('test', 'r1');
    await deploy('test', 'r2');
    await deploy('test', 'r3');
    const last = await deploy('test', 'r4'); // test's candidates past retain 1: r1, r2, r3; only r3 is nobody else's
    const cleanup = last.stderr.split('\n').find((l) => l.includes('Clean up:'));
    expect(cleanup).toMatch(/removed old images: r3(;|$)/);
    expect(cleanup).toMatch(new RegExp(`kept r2: in use by container ${env.app}-other-\\w+ \\(running\\) of app ${env.app}, environment other`));
    expect(cleanup).toMatch(/kept r1: a rollback target of environment other \(one of its 3 newest releases\)/);
    const local = (await docker.listImages({ filters: { reference: [image] } })).flatMap((i) => i.RepoTags ?? []).sort();
    expect(local).toEqual([`${image}:r1`, `${image}:r2`, `${image}:r4`]);
    const running = (await containersOf(env.app)).filter((c) => c.Labels['ferry.env'] === 'other');
    // Containers run the image pinned by ID; the ferry.image label keeps the tag.
    expect(running.map((c) => [c.Labels['ferry.image'], c.State])).toEqual([[`${image}:r2`, 'running']]);
  });
});
