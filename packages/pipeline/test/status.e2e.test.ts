// `ferry status` as a check cron and CI can use: exit 0 while the active release serves, 3 when it does not.
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';

describe('ferry status exit code', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await makeEnvironment('', { monitor: '1s' });
  });
  afterAll(async () => env?.cleanup());

  it('nothing deployed yet is not a failure: exit 0', async () => {
    const run = await ferry(env.args('status'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^serving: nothing deployed yet$/m);
  });

  it('exit 0 while the active release serves; exit 3 naming the problem once its container is removed behind Ferry\'s back', async () => {
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    const healthy = await ferry(env.args('status'));
    expect(healthy.code, healthy.stdout + healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(/^serving: yes, v1 on blue answers through the router$/m);
    expect(JSON.parse((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({ serving: { state: 'serving', problems: [] }, exitCode: 0 });

    const docker = new Dockerode();
    const [blue] = await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.colour=blue'] } });
    await docker.getContainer(blue!.Id).remove({ force: true });

    const broken = await ferry(env.args('status'));
    expect(broken.code, broken.stdout + broken.stderr).toBe(3);
    expect(broken.stdout).toMatch(/^serving: NO \(exit 3, a human must act\): .*traffic is routed to blue but no running blue container exists/m);
    const json = await ferry(env.args('status', '--json'));
    expect(json.code).toBe(3);
    const view = JSON.parse(json.stdout);
    expect(view).toMatchObject({ routedColour: 'blue', active: null, serving: { state: 'not_serving' }, exitCode: 3 });
    expect(view.serving.problems).toContain('traffic is routed to blue but no running blue container exists: run `ferry rollback` or deploy now');
  });
});
