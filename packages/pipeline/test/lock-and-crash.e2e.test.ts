import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ferry, spawnFerry } from './support/ferry.js';
import { waitFor } from './support/wait.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { startLoad } from './support/load.js';

const json = (stdout: string) => JSON.parse(stdout);

const upstream = (env: TestEnvironment) => readFile(path.join(env.stateDir, 'router', 'upstream.conf'), 'utf8').catch(() => '');
const containerUp = async (env: TestEnvironment, colour: string) => {
  const res = await fetch(`http://127.0.0.1:${env.ports[colour as 'blue']}/health`).catch(() => null);
  return res?.ok ?? false;
};

describe('lock and crashes', () => {
  let env: TestEnvironment;
  afterEach(async () => env?.cleanup());

  it('two concurrent deploys: exactly one proceeds, the other exits 4 naming the holder', async () => {
    env = await makeEnvironment();
    const a = spawnFerry(env.args('deploy', '--tag', 'v1'));
    const b = spawnFerry(env.args('deploy', '--tag', 'v2'));
    const results = await Promise.all([a.done, b.done]);
    const codes = results.map((r) => r.code).sort();
    expect(codes).toEqual([0, 4]);
    const loser = results.find((r) => r.code === 4)!;
    expect(loser.stderr + loser.stdout).toMatch(/holds the deploy lock: pid \d+ on /);
  });

  it('kill -9 after the new colour started, before the switch: traffic stays on v1, status tells, next deploy succeeds', async () => {
    env = await makeEnvironment('', { monitor: '1s' });
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    const load = startLoad(`${env.routerUrl}/`, 100);
    const victim = spawnFerry(env.args('deploy', '--tag', 'v2'));
    await waitFor(() => containerUp(env, 'green'));
    victim.child.kill('SIGKILL');
    await victim.done;
    expect(await upstream(env)).toMatch(/colour=blue/);
    const status = json((await ferry(env.args('status', '--json'))).stdout);
    expect(status).toMatchObject({ routedColour: 'blue', active: { version: 'v1' }, standby: { version: 'v2', colour: 'green' }, lock: { state: 'stale' } });
    const next = await ferry(env.args('deploy', '--tag', 'v3', '--json'));
    const seen = await load.stop();
    expect(next.code, next.stderr).toBe(0);
    expect(json(next.stdout).warnings.join()).toMatch(/reclaimed a stale lock/);
    expect(seen.failed).toBe(0);
    expect(await (await fetch(`${env.routerUrl}/version`)).json()).toEqual({ version: 'v3' });
  });

  it('kill -9 right after the switch: traffic is on the healthy new colour, status flags the ledger, next deploy succeeds', async () => {
    env = await makeEnvironment('', { monitor: '20s' });
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    const load = startLoad(`${env.routerUrl}/`, 100);
    const victim = spawnFerry(env.args('deploy', '--tag', 'v2'));
    await waitFor(async () => (await fetch(`${env.routerUrl}/health`).catch(() => null))?.headers.get('x-ferry-colour') === 'green');
    victim.child.kill('SIGKILL');
    await victim.done;
    const status = json((await ferry(env.args('status', '--json'))).stdout);
    expect(status).toMatchObject({ routedColour: 'green', active: { version: 'v2', state: 'running' }, standby: { version: 'v1' } });
    expect(status.warnings.join('\n')).toMatch(/history says v1 was the last successful release, but v2 is serving/);
    const next = await ferry(env.args('deploy', '--tag', 'v3', '--json'));
    const seen = await load.stop();
    expect(next.code, next.stderr).toBe(0);
    expect(json(next.stdout)).toMatchObject({ from: { colour: 'green', version: 'v2' }, to: { colour: 'blue', version: 'v3' } });
    expect(seen.failed).toBe(0);
  });

  it('Ctrl+C (SIGINT) during the health gate cancels: the new colour is removed, exit 1, v1 still serves', async () => {
    env = await makeEnvironment('', { monitor: '1s' });
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    const victim = spawnFerry(env.args('deploy', '--tag', 'broken', '--json'));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${env.ports.green}/version`).catch(() => null)) !== null);
    victim.child.kill('SIGINT');
    const run = await victim.done;
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'rolled_back', message: expect.stringMatching(/^cancelled/) });
    expect(await containerUp(env, 'green')).toBe(false);
    expect(await (await fetch(`${env.routerUrl}/version`)).json()).toEqual({ version: 'v1' });
  });
});
