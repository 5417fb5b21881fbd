import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dockerode from 'dockerode';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { startLoad } from './support/load.js';

const json = (stdout: string) => JSON.parse(stdout);

describe('blue-green deploy on the real engine behind real nginx', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await makeEnvironment();
  });
  afterAll(async () => env.cleanup());

  it('deploys v1 then v2 under continuous load with zero failed requests', async () => {
    const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(first.code, first.stderr).toBe(0);
    expect(json(first.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' } });

    const load = startLoad(`${env.routerUrl}/`, 120);
    await new Promise((r) => setTimeout(r, 1000));
    const second = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    await new Promise((r) => setTimeout(r, 1000));
    const seen = await load.stop();

    expect(second.code, second.stderr).toBe(0);
    const result = json(second.stdout);
    expect(result).toMatchObject({ outcome: 'succeeded', from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v2' } });
    expect(seen.failures).toEqual([]);
    expect(seen.failed).toBe(0);
    expect(seen.versions).toHaveLength(seen.sent); // every request sent was answered 200
    // Requests sent before the confirmed switch may be answered by v1; every request sent after it by v2.
    const after = seen.versions.filter((v) => v.sentAt > result.timings.confirmedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after.map((v) => v.version))).toEqual(new Set(['v2']));
    expect(seen.versions.some((v) => v.version === 'v1')).toBe(true);
  });

  it('never routes to a broken image: exit 1, v2 still serves, no failed request, broken container gone', async () => {
    const load = startLoad(`${env.routerUrl}/`, 100);
    const broken = await ferry(env.args('deploy', '--tag', 'broken', '--json'));
    const seen = await load.stop();
    expect(broken.code, broken.stderr).toBe(1);
    expect(json(broken.stdout)).toMatchObject({ outcome: 'rolled_back', to: { colour: 'blue', version: 'broken' } });
    expect(json(broken.stdout).message).toMatch(/did not become healthy/);
    expect(seen.failed).toBe(0);
    expect(seen.sent).toBeGreaterThan(0);
    expect(seen.versions).toHaveLength(seen.sent); // every request sent during the failed deploy was answered 200
    expect(new Set(seen.versions.map((v) => v.version))).toEqual(new Set(['v2']));
    const docker = new Dockerode();
    const left = await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.version=broken'] } });
    expect(left).toEqual([]);
    const history = json((await ferry(env.args('history', '--json'))).stdout);
    expect(history.at(-1)).toMatchObject({ tag: 'broken', outcome: 'rolled_back' });
  });

  it('deploying the active tag again is a no-op; status tells the truth', async () => {
    const again = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(again.code).toBe(0);
    expect(json(again.stdout)).toMatchObject({ outcome: 'noop' });
    const status = json((await ferry(env.args('status', '--json'))).stdout);
    expect(status).toMatchObject({ routedColour: 'green', active: { version: 'v2', colour: 'green', state: 'running' }, standby: { version: 'v1', colour: 'blue' }, lock: null, warnings: [] });
    const logs = await ferry(env.args('logs'));
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/"event":"start","version":"v2","colour":"green"/);
  });

  it('an nginx config that fails `nginx -t` is refused before anything changes: exit 2, v2 still serves from the same nginx', async () => {
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const original = await readFile(file, 'utf8');
    const routerDir = path.join(env.stateDir, 'router');
    const read = (name: string) => readFile(path.join(routerDir, name), 'utf8');
    const before = { upstream: await read('upstream.conf'), pid: await read('nginx.pid'), main: await read('nginx.conf') };
    await writeFile(file, original.replace('  drain: 5s', '  drain: 5s\n  snippet: "bogus_directive on;"'));
    const load = startLoad(`${env.routerUrl}/`, 100);
    const run = await ferry(env.args('deploy', '--tag', 'v3', '--json'));
    const seen = await load.stop();
    await writeFile(file, original);
    expect(run.code, run.stderr).toBe(2);
    expect(json(run.stdout).message).toMatch(/check router\/snippet.*bogus_directive.*Nothing was changed/s);
    const docker = new Dockerode();
    expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.version=v3'] } })).toEqual([]);
    expect({ upstream: await read('upstream.conf'), pid: await read('nginx.pid'), main: await read('nginx.conf') }).toEqual(before);
    expect(seen.failed).toBe(0);
    expect(new Set(seen.versions.map((v) => v.version))).toEqual(new Set(['v2']));
    const status = json((await ferry(env.args('status', '--json'))).stdout);
    expect(status).toMatchObject({ active: { version: 'v2', colour: 'green' }, standby: { version: 'v1', colour: 'blue', state: 'running' } });
  });
});

describe('keep_previous: false', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await makeEnvironment('', { monitor: '1s', keepPrevious: false });
  });
  afterAll(async () => env.cleanup());

  it('stops the old colour only after the switch and drain: 0 failed requests, old container gone', async () => {
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    const load = startLoad(`${env.routerUrl}/`, 100);
    const run = await ferry(env.args('deploy', '--tag', 'v2'));
    const seen = await load.stop();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/stopped blue \(v1\) after draining/);
    // The plain renderer prints the steps' typed progress as the lines it always printed.
    expect(run.stderr).toMatch(/\d+ probes ok — \d+ s left/);
    expect(run.stderr).toMatch(/probe: p95=[\d.]+ms failures=0 requests=\d+ \(last second\)/);
    expect(seen.failed).toBe(0);
    const docker = new Dockerode();
    const left = await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`] } });
    expect(left.map((c) => c.Labels['ferry.version'])).toEqual(['v2']);
  });
});
