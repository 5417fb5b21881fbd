import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dockerode from 'dockerode';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';

const json = (stdout: string) => JSON.parse(stdout);
const version = async (env: TestEnvironment) => (await (await fetch(`${env.routerUrl}/version`)).json()).version;

describe('rollback', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await makeEnvironment('', { monitor: '1s' });
    for (const tag of ['v1', 'v2', 'v3']) expect((await ferry(env.args('deploy', '--tag', tag))).code).toBe(0);
  });
  afterAll(async () => env.cleanup());

  it('warm: switches back to the previous colour still running', async () => {
    expect(await version(env)).toBe('v3');
    const run = await ferry(env.args('rollback', '--json'));
    expect(run.code, run.stderr).toBe(0);
    expect(json(run.stdout)).toMatchObject({ action: 'rollback', outcome: 'succeeded', tag: 'v2', plan: [expect.any(String), expect.stringMatching(/\(warm\)$/)] });
    expect(await version(env)).toBe('v2');
  });

  it('cold: --to an older tag whose container was removed starts it, health-gates and switches', async () => {
    const docker = new Dockerode();
    const v1 = await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.version=v1'] } });
    expect(v1).toEqual([]); // replaced when v3 went to its colour
    const run = await ferry(env.args('rollback', '--to', 'v1', '--json'));
    expect(run.code, run.stderr).toBe(0);
    expect(json(run.stdout)).toMatchObject({ outcome: 'succeeded', tag: 'v1', plan: [expect.any(String), expect.stringMatching(/\(cold\)$/)] });
    expect(await version(env)).toBe('v1');
    const history = json((await ferry(env.args('history', '--json'))).stdout);
    expect(history.map((e: { action: string; tag: string }) => `${e.action}:${e.tag}`)).toEqual(['deploy:v1', 'deploy:v2', 'deploy:v3', 'rollback:v2', 'rollback:v1']);
  });

  it('a tag whose image is gone is refused with exit 2 and nothing changes', async () => {
    const run = await ferry(env.args('rollback', '--to', 'v9-never-built'));
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/no longer on the environment's engine/);
    expect(await version(env)).toBe('v1');
  });
});
