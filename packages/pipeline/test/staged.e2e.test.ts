import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { freePort, HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { startLoad, type LoadResult } from './support/load.js';
import { servedVersion } from './support/served-version.js';
import { waitFor } from './support/wait.js';

// Staged blue-green through the CLI with the router container: deploy --no-switch leaves the new colour on
// router/preview_listen without live traffic; promote switches to it; abort removes it.

const json = (stdout: string) => JSON.parse(stdout);
const docker = new Dockerode();
const LOAD_RATE = 100; // req/s through the router, each on a new connection

/** The harness's environment with the router container (and `routerLines` under router:), its health gate far off. */
async function containerRouterEnvironment(extraYaml: string, routerLines = ''): Promise<TestEnvironment> {
  const env = await makeEnvironment(extraYaml);
  const file = path.join(env.environmentsDir, `${env.env}.yaml`);
  const yaml = (await readFile(file, 'utf8'))
    .replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n${routerLines}`)
    // the gate is not under test here, and the machine is busy
    .replace('  deploy_timeout: 20s\n', '  deploy_timeout: 10m\n');
  await writeFile(file, yaml);
  return env;
}

const historyOf = async (env: TestEnvironment) => (await readFile(path.join(env.stateDir, 'history.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));

describe('staged deploy, promote and abort (router container, router.preview_listen)', () => {
  let env: TestEnvironment;
  let previewUrl: string;

  const history = () => historyOf(env);
  const versionsOf = (seen: LoadResult) => new Set(seen.versions.map((v) => v.version));

  beforeAll(async () => {
    const preview = await freePort();
    previewUrl = `http://127.0.0.1:${preview}`;
    env = await containerRouterEnvironment('', `  preview_listen: 127.0.0.1:${preview}\n`);
  });

  afterAll(() => env.cleanup());

  it('deploy v1, then --no-switch v2: the preview address answers v2 while live traffic stays 100 % v1 with 0 failures', async () => {
    const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(first.code, first.stderr).toBe(0);
    expect(json(first.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' } });

    const load = startLoad(`${env.routerUrl}/`, LOAD_RATE);
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v1');
    const staged = await ferry(env.args('deploy', '--tag', 'v2', '--no-switch', '--json'));
    // the preview answers the staged colour while the load still runs
    const previewed = [await servedVersion(`${previewUrl}/`), await servedVersion(`${previewUrl}/`), await servedVersion(`${previewUrl}/`)];
    const seen = await load.stop();

    expect(staged.code, staged.stderr).toBe(0);
    const result = json(staged.stdout);
    expect(result).toMatchObject({ outcome: 'staged', exitCode: 0, from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v2' } });
    expect(result.message).toContain(`v2 is staged on green`);
    expect(result.message).toContain(`preview: ${previewUrl}`);
    expect(result.message).toContain(`promote: ferry promote --env ${env.env}   abort: ferry abort --env ${env.env}`);
    expect(result.timings.switchMs).toBeUndefined(); // nothing switched
    expect(previewed).toEqual(['v2', 'v2', 'v2']);
    expect(seen.failures).toEqual([]);
    expect(seen.sent).toBeGreaterThanOrEqual(LOAD_RATE); // at least a second of load at the rate asked
    expect(versionsOf(seen)).toEqual(new Set(['v1']));
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
    expect((await history()).at(-1)).toMatchObject({ action: 'deploy', tag: 'v2', outcome: 'staged', fromColour: 'blue', toColour: 'green' });
  });

  it('status shows the staged colour, its version and the preview URL (from the containers and the router)', async () => {
    const status = await ferry(env.args('status', '--json'));
    expect(status.code, status.stderr).toBe(0);
    expect(json(status.stdout)).toMatchObject({
      active: { colour: 'blue', version: 'v1' },
      staged: { colour: 'green', version: 'v2', state: 'running', previewUrl },
      serving: { state: 'serving' },
    });
    const text = await ferry(env.args('status'));
    expect(text.stdout).toMatch(/^staged: {2}v2 on green — running, health \w+ \(container [0-9a-f]{12}\); not live$/m);
    expect(text.stdout).toContain(`preview: ${previewUrl} (ferry validate --env ${env.env} --preview checks it)`);
  });

  it('validate --preview runs the verify checks against the staged v2 at the preview address', async () => {
    const validate = await ferry(env.args('validate', '--preview'), {}, env.root);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).toContain(`validate ${env.env} (staged green v2 via ${previewUrl}):`);
  });

  it('promote: the health gate again, the switch confirmed through the router, v2 live with 0 failed requests; nothing staged after', async () => {
    const load = startLoad(`${env.routerUrl}/`, LOAD_RATE);
    const promoted = await ferry(env.args('promote', '--yes', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v2');
    const seen = await load.stop();

    expect(promoted.code, promoted.stderr).toBe(0);
    expect(json(promoted.stdout)).toMatchObject({ action: 'promote', outcome: 'succeeded', tag: 'v2', from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v2' } });
    expect(json(promoted.stdout).timings.switchMs).toBeGreaterThanOrEqual(0);
    expect(seen.failures).toEqual([]);
    expect(versionsOf(seen)).toEqual(new Set(['v1', 'v2']));
    expect((await history()).at(-1)).toMatchObject({ action: 'promote', tag: 'v2', outcome: 'succeeded', fromColour: 'blue', toColour: 'green' });
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({ active: { colour: 'green', version: 'v2' }, staged: null });
  });

  it('another staged v3, then abort: the v3 container is gone, v2 still serves, 0 failed requests', async () => {
    const staged = await ferry(env.args('deploy', '--tag', 'v3', '--no-switch', '--json'));
    expect(staged.code, staged.stderr).toBe(0);
    expect(json(staged.stdout)).toMatchObject({ outcome: 'staged', to: { colour: 'blue', version: 'v3' } });
    expect(await servedVersion(`${previewUrl}/`)).toBe('v3');

    const load = startLoad(`${env.routerUrl}/`, LOAD_RATE);
    await waitFor(async () => load.sent() >= LOAD_RATE / 2);
    const aborted = await ferry(env.args('abort', '--yes', '--json'));
    const seen = await load.stop();

    expect(aborted.code, aborted.stderr).toBe(0);
    expect(json(aborted.stdout)).toMatchObject({ action: 'abort', outcome: 'aborted', tag: 'v3' });
    expect(seen.failures).toEqual([]);
    expect(versionsOf(seen)).toEqual(new Set(['v2']));
    const v3 = await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.version=v3'] } });
    expect(v3).toEqual([]);
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v2');
    expect((await history()).at(-1)).toMatchObject({ action: 'abort', tag: 'v3', outcome: 'aborted' });
  });

  it('promote and abort with nothing staged: exit 2 naming how to stage, nothing changed', async () => {
    const before = await readFile(path.join(env.stateDir, 'history.jsonl'), 'utf8');
    for (const command of ['promote', 'abort']) {
      const refused = await ferry(env.args(command, '--yes'));
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stdout).toContain(`ferry ${command}: ${env.env}: nothing is staged`);
      expect(refused.stdout).toContain(`\`ferry deploy --env ${env.env} --tag TAG --no-switch\``);
    }
    expect(await readFile(path.join(env.stateDir, 'history.jsonl'), 'utf8')).toBe(before);
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v2');
  });
});

// `lie` passes /health but its /version says v0-lie: only the verify suites see it.
const VERIFY = `verify:
  endpoints:
    - { path: /health, status: 200 }
  version: { path: /version, json_field: version }
  samples: 5
  concurrency: 5
`;

describe('without router.preview_listen: the preview header; a promote that fails verification switches back', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await containerRouterEnvironment(VERIFY);
  });
  afterAll(() => env.cleanup());

  it('deploy v1, then stage lie: status has no preview URL, validate --preview reaches the staged container through the router', async () => {
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    const staged = await ferry(env.args('deploy', '--tag', 'lie', '--no-switch', '--json'));
    expect(staged.code, staged.stderr).toBe(0);
    expect(json(staged.stdout).message).toContain(`preview: no router/preview_listen: only through the router at ${env.routerUrl} with its preview header`);
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({ active: { version: 'v1' }, staged: { colour: 'green', version: 'lie', previewUrl: null } });

    const validate = await ferry(env.args('validate', '--preview'), {}, env.root);
    expect(validate.code, validate.stdout + validate.stderr).toBe(1);
    expect(validate.stdout).toContain(`validate ${env.env} (staged green lie via ${env.routerUrl} with the router's preview header):`);
    expect(validate.stdout).toContain('got "v0-lie"'); // the staged container answered, not the live v1
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
  });

  it('promote: verify fails after the switch, traffic goes back to v1 (exit 1, 0 failed requests); lie stays staged, abort removes it', async () => {
    const load = startLoad(`${env.routerUrl}/`, LOAD_RATE);
    const promoted = await ferry(env.args('promote', '--yes', '--json'));
    const seen = await load.stop();
    expect(promoted.code, promoted.stderr).toBe(1);
    const result = json(promoted.stdout);
    expect(result).toMatchObject({ action: 'promote', outcome: 'rolled_back', tag: 'lie' });
    expect(result.message).toMatch(/^verify: 1 of 2 smoke check\(s\) failed: GET \/version: expected "version" to be "lie"/);
    expect(result.message).toContain('Rolled back: v1 on blue still serves.');
    expect(result.message).toContain(`lie stays staged on green: \`ferry promote --env ${env.env}\` tries again, \`ferry abort --env ${env.env}\` removes it.`);
    expect(seen.failures).toEqual([]);
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
    expect((await historyOf(env)).at(-1)).toMatchObject({ action: 'promote', tag: 'lie', outcome: 'rolled_back' });
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({ active: { colour: 'blue', version: 'v1' }, staged: { colour: 'green', version: 'lie' } });

    const aborted = await ferry(env.args('abort', '--yes', '--json'));
    expect(aborted.code, aborted.stderr).toBe(0);
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({ active: { version: 'v1' }, staged: null });
  });

  it('router.preview_listen added to the running environment: the next deploy recreates the router container with the preview published', async () => {
    const routerName = `${env.app}-${env.env}-router`;
    const before = await docker.getContainer(routerName).inspect();
    const preview = await freePort();
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('  runtime: container\n', `  runtime: container\n  preview_listen: 127.0.0.1:${preview}\n`));
    const staged = await ferry(env.args('deploy', '--tag', 'v2', '--no-switch', '--json'));
    expect(staged.code, staged.stderr).toBe(0);
    const after = await docker.getContainer(routerName).inspect();
    expect(after.Id).not.toBe(before.Id);
    expect(after.NetworkSettings.Ports['81/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(preview) }]);
    expect(await servedVersion(`http://127.0.0.1:${preview}/`)).toBe('v2');
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
  });
});

describe('strategy.auto_promote: false with the host nginx router: every deploy stages, the first one too', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await makeEnvironment();
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const yaml = (await readFile(file, 'utf8')).replace('  retain: 3\n', '  retain: 3\n  auto_promote: false\n').replace('  deploy_timeout: 20s\n', '  deploy_timeout: 10m\n');
    await writeFile(file, yaml);
  });
  afterAll(() => env.cleanup());

  it('the first deploy is staged (nothing serves yet); promote makes it the first release', async () => {
    const staged = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(staged.code, staged.stderr).toBe(0);
    expect(json(staged.stdout)).toMatchObject({ outcome: 'staged', from: null, to: { colour: 'blue', version: 'v1' } });
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({
      active: null,
      staged: { colour: 'blue', version: 'v1', previewUrl: `http://127.0.0.1:${env.ports.blue}` },
      serving: { state: 'nothing_deployed' },
    });
    const promoted = await ferry(env.args('promote', '--json'));
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(json(promoted.stdout)).toMatchObject({ outcome: 'succeeded', from: null, to: { colour: 'blue', version: 'v1' } });
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
  });

  it('the next deploy stages v2 on its own port (the host router has no preview server) while the router serves v1; promote switches', async () => {
    const staged = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(staged.code, staged.stderr).toBe(0);
    expect(json(staged.stdout)).toMatchObject({ outcome: 'staged', to: { colour: 'green', version: 'v2' } });
    expect(await servedVersion(`http://127.0.0.1:${env.ports.green}/`)).toBe('v2');
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
    const load = startLoad(`${env.routerUrl}/`, LOAD_RATE);
    const promoted = await ferry(env.args('promote', '--json'));
    const seen = await load.stop();
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(seen.failures).toEqual([]);
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v2');
  });
});
