import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { startLoad } from './support/load.js';
import { servedVersion } from './support/served-version.js';
import { waitFor } from './support/wait.js';

// Issue 14 §1 and §2 on the router container: the truth is the container that answers through the router,
// whatever its config says; a drifted or garbage config is reported, blocks a deploy and is repaired; a dead
// routed colour with a healthy standby is recovered by a rollback and never overwritten by a deploy.

const json = (stdout: string) => JSON.parse(stdout);
const docker = new Dockerode();
const UPSTREAM_CONF = '/etc/nginx/ferry-upstream.conf';

describe('truth under faults, router container', () => {
  let env: TestEnvironment;
  let routerName: string;
  const colourName = (colour: 'blue' | 'green') => `${env.app}-${env.env}-${colour}`;
  const idOf = async (colour: 'blue' | 'green') => (await docker.getContainer(colourName(colour)).inspect()).Id;
  const routerPid = async () => (await docker.getContainer(routerName).inspect()).State.Pid;
  // the router image has no shell: its files are edited through the master's /proc root, as root on this machine
  const upstreamFile = async () => `/proc/${await routerPid()}/root${UPSTREAM_CONF}`;

  // green's name replaced by blue's in the router's upstream file, then reloaded: requests labelled green reach blue (v1)
  const editRouterToServeBlueAsGreen = async () => {
    const file = await upstreamFile();
    const text = await readFile(file, 'utf8');
    const edited = text.replaceAll(`${colourName('green')}:3000`, `${colourName('blue')}:3000`);
    expect(edited).not.toBe(text);
    await writeFile(file, edited);
    process.kill(await routerPid(), 'SIGHUP'); // what `nginx -s reload` sends
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v1');
  };

  beforeAll(async () => {
    env = await makeEnvironment();
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    await writeFile(file, (await readFile(file, 'utf8')).replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`));
    routerName = `${env.app}-${env.env}-router`;
    for (const tag of ['v1', 'v2']) {
      const run = await ferry(env.args('deploy', '--tag', tag, '--json'));
      expect(run.code, run.stderr).toBe(0);
    }
  });

  afterAll(async () => {
    await env.cleanup();
    await docker.getNetwork(`ferry-${env.app}-${env.env}`).remove().catch(() => undefined);
  });

  it('a config edited by hand to send green-labelled requests to blue: status shows blue serving and the drift; a deploy refuses, touching nothing', async () => {
    await editRouterToServeBlueAsGreen();

    const status = await ferry(env.args('status', '--json'));
    const view = json(status.stdout);
    expect(view).toMatchObject({ routedColour: 'blue', active: { colour: 'blue', version: 'v1' }, router: { liveColour: 'green' } });
    expect(view.drift).toEqual([expect.stringMatching(/labels its answers green but they come from the blue container/)]);
    expect(view.warnings).toContain("the router's saved config passes nginx -t: a restart would load it as it is");

    const [blue, green] = [await idOf('blue'), await idOf('green')];
    const load = startLoad(`${env.routerUrl}/`, 50);
    const deploy = await ferry(env.args('deploy', '--tag', 'v3', '--json'));
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(2);
    expect(json(deploy.stdout).message).toMatch(/labels its answers green.*ferry repair --env test/s);
    expect(seen.failures).toEqual([]);
    expect(seen.versions.every((v) => v.version === 'v1')).toBe(true);
    // a rollback would be confirmed by the labels that lie: it refuses too
    const rollback = await ferry(env.args('rollback', '--json'));
    expect(rollback.code, rollback.stderr).toBe(2);
    expect(json(rollback.stdout).message).toMatch(/ferry repair --env test.*then roll back/s);
    expect([await idOf('blue'), await idOf('green')]).toEqual([blue, green]);
  });

  it('ferry repair rewrites the config for what serves (blue, v1), confirmed by probe; the next deploy goes to green with no failed request', async () => {
    const blue = await idOf('blue');
    const load = startLoad(`${env.routerUrl}/`, 50);
    const repair = await ferry(env.args('repair', '--json'));
    expect(repair.code, repair.stderr).toBe(0);
    expect(json(repair.stdout)).toMatchObject({ serving: { colour: 'blue', version: 'v1' }, confirmed: true, found: [expect.stringMatching(/labels its answers green/)] });
    const status = json((await ferry(env.args('status', '--json'))).stdout);
    expect(status).toMatchObject({ drift: [], routedColour: 'blue', router: { liveColour: 'blue', configuredColour: 'blue' } });

    const deploy = await ferry(env.args('deploy', '--tag', 'v3', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v3');
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(json(deploy.stdout)).toMatchObject({ outcome: 'succeeded', from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v3' } });
    expect(seen.failures).toEqual([]);
    expect(await idOf('blue')).toBe(blue); // the container that served was never replaced
  });

  it('deploy --force past the same drift: the router is repaired first (what serves is kept), then the deploy goes to the colour nothing reaches, 0 failed', async () => {
    await editRouterToServeBlueAsGreen();
    const [blue, green] = [await idOf('blue'), await idOf('green')];
    const load = startLoad(`${env.routerUrl}/`, 50);
    // green runs v3 but nothing reaches it (its label is blue's now): a v3 into green replaces only that
    const deploy = await ferry(env.args('deploy', '--tag', 'v3', '--force', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v3');
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(0);
    const result = json(deploy.stdout);
    expect(result).toMatchObject({ from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v3' } });
    expect(result.plan[0]).toMatch(/^router drift \(--force\): rewrite its config for what serves before anything else/);
    expect(result.warnings).toContainEqual(expect.stringMatching(/^--force: the router did not route the way Ferry wrote it; its config was rewritten for blue \(v1\)/));
    expect(seen.failures).toEqual([]);
    expect(await idOf('blue')).toBe(blue); // what served is kept
    expect(await idOf('green')).not.toBe(green);
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({ drift: [], active: { colour: 'green', version: 'v3' } });
  });

  it('a garbage upstream file: status names it and that nginx would not start again; deploy refuses; repair rewrites it and a restart serves again', async () => {
    await writeFile(await upstreamFile(), 'this is not an nginx config {\n');
    const status = await ferry(env.args('status', '--json'));
    const view = json(status.stdout);
    expect(view.drift).toEqual([expect.stringMatching(/upstream config is not Ferry's.*ferry repair/)]);
    expect(view.warnings).toContainEqual(expect.stringMatching(/would NOT start again on its saved config: nginx -t/));
    expect(view.active).toMatchObject({ colour: 'green', version: 'v3' }); // what answers, read without the file

    const deploy = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(deploy.code, deploy.stderr).toBe(2);
    expect(json(deploy.stdout).message).toMatch(/not Ferry's/);

    const repair = await ferry(env.args('repair', '--json'));
    expect(repair.code, repair.stderr).toBe(0);
    expect(json(repair.stdout)).toMatchObject({ serving: { colour: 'green', version: 'v3' } });
    await docker.getContainer(routerName).restart({ t: 1 });
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v3');
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({ drift: [], serving: { state: 'serving' } });
  });

  it('a garbage upstream file loaded by a restart (the router crash-loops, nothing serves): ferry repair starts it on Ferry\'s config for the history\'s last release', async () => {
    await writeFile(await upstreamFile(), 'this is not an nginx config {\n');
    await docker.getContainer(routerName).restart({ t: 1 });
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === null);
    const down = await ferry(env.args('status', '--json'));
    expect(down.code).toBe(3); // between its failed starts the engine may show it running an instant: nothing serves either way

    const repair = await ferry(env.args('repair', '--json'));
    expect(repair.code, repair.stderr).toBe(0);
    expect(json(repair.stdout)).toMatchObject({ serving: { colour: 'green', version: 'v3' }, why: expect.stringMatching(/history's last release \(v3\)/) });
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v3');
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({ drift: [], serving: { state: 'serving' }, router: { running: true } });
  });

  it('the routed colour killed while idle: a deploy refuses to take the healthy standby\'s slot; rollback switches to it', async () => {
    const blue = await idOf('blue');
    await docker.getContainer(colourName('green')).kill();
    const status = await ferry(env.args('status', '--json'));
    expect(status.code).toBe(3);

    const deploy = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(deploy.code, deploy.stderr).toBe(2);
    expect(json(deploy.stdout).message).toMatch(/blue \(v1\) is the only healthy container.*ferry rollback --env test/s);
    expect(await idOf('blue')).toBe(blue);

    const rollback = await ferry(env.args('rollback', '--json'));
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(json(rollback.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' }, plan: expect.arrayContaining([expect.stringMatching(/warm/)]) });
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
    expect(await idOf('blue')).toBe(blue);
  });

  it('the state dir deleted while v1 serves: status still sees it and the next deploy goes to the other colour with no failed request', async () => {
    const blue = await idOf('blue');
    await rm(env.stateDir, { recursive: true, force: true });
    const status = await ferry(env.args('status', '--json'));
    expect(status.code, status.stderr).toBe(0);
    expect(json(status.stdout)).toMatchObject({ serving: { state: 'serving' }, active: { colour: 'blue', version: 'v1' } });

    const load = startLoad(`${env.routerUrl}/`, 50);
    const deploy = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v2');
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(json(deploy.stdout)).toMatchObject({ from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v2' } });
    expect(seen.failures).toEqual([]);
    expect(await idOf('blue')).toBe(blue);
  });

  it('the standby dies after the switch: the deploy does not claim it was kept running for a warm rollback', async () => {
    const run = ferry(env.args('deploy', '--tag', 'v3', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v3');
    await docker.getContainer(colourName('green')).kill(); // green served v2 until the switch to blue
    const deploy = await run;
    expect(deploy.code, deploy.stderr).toBe(0);
    const result = json(deploy.stdout);
    expect(result.warnings).toContainEqual(expect.stringMatching(/^green \(v2\) is not running \(exited\): a rollback to it starts it again from its image \(cold\)/));
    expect(deploy.stderr).not.toMatch(/kept green \(v2\) running idle/);
  });

  it('requests failed during a deploy (the serving colour killed during the health gate): the release stands, never reported as plain success', async () => {
    const run = ferry(env.args('deploy', '--tag', 'v2', '--json'));
    await waitFor(async () => {
      const green = await docker.getContainer(colourName('green')).inspect().catch(() => null);
      return green?.State.Running === true && green.Config.Labels['ferry.version'] === 'v2';
    });
    await docker.getContainer(colourName('blue')).kill(); // blue served v3: the probe's requests now get 502s
    const deploy = await run;
    expect(deploy.code, deploy.stderr).toBe(0);
    const result = json(deploy.stdout);
    expect(result.outcome).toBe('succeeded_with_warnings');
    expect(result.probe.failures).toBeGreaterThan(0);
    expect(result.warnings).toContain(`the traffic probe counted ${result.probe.failures} failed request(s) of ${result.probe.requests} through the router during this deploy`);
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v2');
  });
});
