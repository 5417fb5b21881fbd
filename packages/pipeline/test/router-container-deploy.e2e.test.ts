import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { startLoad } from './support/load.js';
import { servedVersion } from './support/served-version.js';
import { deployV1ThenV2UnderLoad } from './support/v1-then-v2.js';
import { waitFor } from './support/wait.js';

// `router.runtime: container` end to end through the CLI: the router is a container on the engine,
// the colours publish no port and are reached over the environment's network.

const json = (stdout: string) => JSON.parse(stdout);
const docker = new Dockerode();

describe('deploy, status, kill -9, rollback and remove with the router as a container', () => {
  let env: TestEnvironment;
  let routerName: string;
  let network: string;

  beforeAll(async () => {
    env = await makeEnvironment();
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`));
    routerName = `${env.app}-${env.env}-router`;
    network = `ferry-${env.app}-${env.env}`;
  });

  afterAll(async () => {
    await env.cleanup();
    await docker.getNetwork(network).remove().catch(() => undefined);
  });

  it('deploys v1 then v2 under continuous load through the router container with zero failed requests', async () => {
    const { seen } = await deployV1ThenV2UnderLoad(env);
    expect(seen.versions).toHaveLength(seen.sent);

    // the colours are on the environment's network and publish nothing; the router publishes router.listen
    const green = await docker.getContainer(`${env.app}-${env.env}-green`).inspect();
    expect(Object.keys(green.NetworkSettings.Networks)).toEqual([network]);
    expect(Object.values(green.NetworkSettings.Ports ?? {}).every((binding) => binding === null)).toBe(true);
    const router = await docker.getContainer(routerName).inspect();
    expect(router.NetworkSettings.Ports['80/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(env.listen) }]);
    expect(router.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
  });

  it('status shows the router container and what it serves', async () => {
    const status = await ferry(env.args('status'));
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`router container ${routerName} running`);
    expect(json((await ferry(env.args('status', '--json'))).stdout)).toMatchObject({
      router: { running: true, liveColour: 'green', configuredColour: 'green', title: `router container ${routerName}` },
      active: { colour: 'green', version: 'v2' },
    });
  });

  it("kill -9 of the router's main process: it serves the active release again with no ferry command", async () => {
    const before = await docker.getContainer(routerName).inspect();
    expect(before.State.Pid).toBeGreaterThan(0);
    process.kill(before.State.Pid, 'SIGKILL');
    await waitFor(async () => {
      const now = await docker.getContainer(routerName).inspect();
      return now.State.Running && now.State.Pid !== before.State.Pid;
    });
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v2');
    expect((await docker.getContainer(routerName).inspect()).RestartCount).toBeGreaterThan(before.RestartCount);
  });

  it('a broken release never gets traffic: health is checked through the router, exit 1, v2 still serves', async () => {
    const load = startLoad(`${env.routerUrl}/`, 50);
    const broken = await ferry(env.args('deploy', '--tag', 'broken', '--json'));
    const seen = await load.stop();
    expect(broken.code, broken.stderr).toBe(1);
    expect(json(broken.stdout).message).toMatch(/did not become healthy/);
    expect(seen.failures).toEqual([]);
    expect(new Set(seen.versions.map((v) => v.version))).toEqual(new Set(['v2']));
  });

  it('rolls back to v1 through the router container', async () => {
    const rollback = await ferry(env.args('rollback', '--yes', '--json'));
    expect(rollback.code, rollback.stderr).toBe(0);
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v1');
  });

  it('remove leaves no container and no network of the environment', async () => {
    const removed = await ferry(env.args('remove', '--yes'));
    expect(removed.code, removed.stderr).toBe(0);
    expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`] } })).toEqual([]);
    expect(await docker.listNetworks({ filters: { name: [network] } })).toEqual([]);
  });

  it('switching router.runtime while the other router still runs is exit 2 naming the way out, nothing changed', async () => {
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const withContainer = await readFile(file, 'utf8');
    await writeFile(file, withContainer.replace('  runtime: container\n', '  runtime: host\n'));
    const onHost = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(onHost.code, onHost.stderr).toBe(0);
    await writeFile(file, withContainer);
    const refused = await ferry(env.args('deploy', '--tag', 'v2'));
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`router/runtime: container, but this environment's router still runs as nginx (127.0.0.1:${env.listen}); move it with \`ferry router takeover --env ${env.env}\`, or run \`ferry remove --env ${env.env} --yes\` first`);
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
    expect(await docker.listContainers({ all: true, filters: { name: [routerName] } })).toEqual([]);
    expect(await docker.listNetworks({ filters: { name: [network] } })).toEqual([]);
  });

  it('a file that leaves router/runtime to its default (container) while the host router serves: deploy and rollback exit 2 naming both fixes, nothing changed; status reads the host router', async () => {
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const before = await readFile(file, 'utf8');
    await writeFile(file, before.replace('  runtime: container\n', '').replace(/  image: .*\n/, ''));
    const ledger = await readFile(path.join(env.stateDir, 'history.jsonl'), 'utf8').catch(() => '');
    for (const argv of [['deploy', '--tag', 'v2'], ['rollback', '--yes']]) {
      const refused = await ferry(env.args(...argv));
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(`router/runtime is not set in ${file}, so it is container (the default), but this environment is served by the host nginx router on 127.0.0.1:${env.listen}; nothing was changed`);
      expect(refused.stderr).toContain(`add \`runtime: host\` under router: in ${file}`);
      expect(refused.stderr).toContain(`\`ferry router takeover --env ${env.env}\``);
    }
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
    expect(await readFile(path.join(env.stateDir, 'history.jsonl'), 'utf8').catch(() => '')).toBe(ledger);
    expect(await docker.listContainers({ all: true, filters: { name: [routerName] } })).toEqual([]);
    expect(await docker.listNetworks({ filters: { name: [network] } })).toEqual([]);
    // read-only commands look at what really serves
    const status = await ferry(env.args('status', '--json'));
    expect(status.code, status.stderr).toBe(0);
    expect(json(status.stdout)).toMatchObject({ active: { colour: 'blue', version: 'v1' } });
    const logs = await ferry(env.args('logs'));
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stderr).toContain(`logs of ${env.app}-${env.env}-blue (v1, blue)`);
  });
});
