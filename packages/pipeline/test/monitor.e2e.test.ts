// The monitor window after the switch: a new colour that dies there is caught and traffic goes back.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnFerry, ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { waitFor } from './support/wait.js';

const version = async (url: string) => ((await (await fetch(`${url}/version`)).json()) as { version: string }).version;

describe('monitor window', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await makeEnvironment('', { monitor: '1s' });
  });
  afterAll(async () => env?.cleanup());

  it('the new colour killed after the switch: rolled back to the previous version, exit 1', async () => {
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    // A window long enough that only the failure can end it.
    const yamlFile = path.join(env.environmentsDir, `${env.env}.yaml`);
    await writeFile(yamlFile, (await readFile(yamlFile, 'utf8')).replace('monitor: 1s', 'monitor: 120s'));
    const run = spawnFerry(env.args('deploy', '--tag', 'v2', '--json'));
    // Kill only once the router really answers from v2: the monitor window has begun.
    await waitFor(async () => (await version(env.routerUrl).catch(() => null)) === 'v2', 120_000);
    const docker = new Dockerode();
    const [green] = await docker.listContainers({ filters: { label: [`ferry.app=${env.app}`, 'ferry.colour=green'] } });
    await docker.getContainer(green!.Id).kill();
    const done = await run.done;
    expect(done.code, done.stderr).toBe(1);
    // Whichever sees it first: users' requests through the router, or health probes missed failure_threshold times.
    expect(JSON.parse(done.stdout).message).toMatch(/monitor: (the traffic probe saw \d+ failed request|green missed 3 health probe\(s\) in a row)/);
    expect(await version(env.routerUrl)).toBe('v1');
  });
});
