import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import { ferry } from './support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { deployV1ThenV2UnderLoad } from './support/v1-then-v2.js';

// An app on container/network host behind the router container (router/runtime left to its default):
// the router shares the host's network namespace, listens on router/listen itself and reaches each
// colour on 127.0.0.1 at router/ports, as the host router does.

const json = (stdout: string) => JSON.parse(stdout);
const docker = new Dockerode();

describe('container/network host apps behind the router container', () => {
  let env: TestEnvironment;
  let routerName: string;

  beforeAll(async () => {
    env = await makeEnvironment('', { network: 'host' });
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    // no runtime line: the default (container)
    await writeFile(file, (await readFile(file, 'utf8')).replace(HOST_ROUTER, `router:\n  image: ${ROUTER_IMAGE}\n`));
    routerName = `${env.app}-${env.env}-router`;
  });

  afterAll(() => env.cleanup());

  it('deploys v1 then v2 under continuous load with zero failed requests; the router is in the host network, nothing published, no network made', async () => {
    const { first } = await deployV1ThenV2UnderLoad(env);
    expect(first.stderr).not.toContain('warning: router/ports');

    const router = await docker.getContainer(routerName).inspect();
    expect(router.HostConfig.NetworkMode).toBe('host');
    expect(router.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(router.HostConfig.PortBindings ?? {}).toEqual({});
    // each colour on the host's loopback at its router/ports port, as the host router reaches it
    const text = (await new DockerEngine().readFile(routerName, '/etc/nginx/ferry-upstream.conf')) ?? '';
    expect(text).toContain(`    blue 127.0.0.1:${env.ports.blue};`);
    expect(text).toContain(`    green 127.0.0.1:${env.ports.green};`);
    const green = await docker.getContainer(`${env.app}-${env.env}-green`).inspect();
    expect(green.HostConfig.NetworkMode).toBe('host');
    expect(await docker.listNetworks({ filters: { name: [`ferry-${env.app}-${env.env}`] } })).toEqual([]);
  });

  it('status names the router container and the colours on the loopback; remove leaves nothing', async () => {
    const status = await ferry(env.args('status', '--json'));
    expect(status.code, status.stderr).toBe(0);
    expect(json(status.stdout)).toMatchObject({ active: { colour: 'green', version: 'v2' } });
    const removed = await ferry(env.args('remove', '--yes'));
    expect(removed.code, removed.stderr).toBe(0);
    expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`] } })).toEqual([]);
  });
});
