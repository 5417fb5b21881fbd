// A real deploy to another engine, end to end: a second dockerd in a namespace of the test's own
// (engine.host: tcp://<its address>:2375), the router as a container there (router.listen 0.0.0.0),
// app and router images reaching it only through a TLS registry, and every request sent from here
// to the router's address in that namespace (router.public_url's default).
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import { LABEL } from '../src/ports/docker/types.js';
import { ferry } from './support/ferry.js';
import { attemptAll } from './support/environment.js';
import { RATE, setUpRemoteDeploy, type RemoteDeploy } from './support/remote-deploy.js';
import { servedVersion } from './support/served-version.js';
import { startSecondEngine, type SecondEngine } from './support/second-engine.js';
import { waitFor } from './support/wait.js';

const json = (stdout: string) => JSON.parse(stdout);

describe('deploy, roll back, inspect and remove an environment on a remote engine (router container, images through a registry)', () => {
  let engine: SecondEngine;
  let fixture: RemoteDeploy;
  let env: RemoteDeploy['env'];
  let registry: RemoteDeploy['registry'];
  let app = '';
  let repository = '';
  let routerRef = '';
  let routerAt = '';
  const main = new DockerEngine(new Dockerode());
  const network = () => fixture.network();
  const remoteOf = (filter: string) => engine.docker.listContainers({ all: true, filters: { label: [filter] } });
  const under = (command: string[]) => fixture.under(command);

  beforeAll(async () => {
    engine = await startSecondEngine();
    fixture = await setUpRemoteDeploy(engine, { label: 'rdeploy', host: engine.url });
    ({ env, registry, app, repository, routerRef, routerAt } = fixture);
  }, 300_000);

  afterAll(async () => {
    await attemptAll([async () => fixture?.cleanup(), async () => engine?.stop()]);
  }, 300_000);

  it('deploys v1, then v2 under 100 req/s sent to the router in the namespace: zero failed requests; nothing runs on the main engine', async () => {
    const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(first.code, first.stderr).toBe(0);
    expect(json(first.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' } });
    expect(await servedVersion(`${routerAt}/`)).toBe('v1');
    // the router image reached the engine from the registry, pulled by the deploy itself
    const router = await engine.docker.getContainer(`${app}-${env.env}-router`).inspect();
    expect(router.Config.Image).toBe(routerRef);
    expect(router.NetworkSettings.Ports['80/tcp']).toEqual([{ HostIp: '0.0.0.0', HostPort: String(env.listen) }]);

    const second = await under(['deploy', '--tag', 'v2', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(json(second.stdout)).toMatchObject({ outcome: 'succeeded', from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v2' } });
    expect(second.stderr).toMatch(new RegExp(`Pull ${registry.url}/${repository}@sha256:[0-9a-f]{64} on ${engine.url}`));
    expect(second.seen.failures).toEqual([]);
    expect(second.seen.sent).toBeGreaterThanOrEqual(RATE);
    expect(second.seen.versions).toHaveLength(second.seen.sent);
    expect(new Set(second.seen.versions.map((v) => v.version))).toEqual(new Set(['v1', 'v2']));
    expect(await servedVersion(`${routerAt}/`)).toBe('v2');

    // the colours are on the environment's network over there and publish nothing; the main engine has nothing of the app
    const green = await engine.docker.getContainer(`${app}-${env.env}-green`).inspect();
    expect(Object.keys(green.NetworkSettings.Networks)).toEqual([network()]);
    expect(Object.values(green.NetworkSettings.Ports ?? {}).every((binding) => binding === null)).toBe(true);
    expect(await main.docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${app}`] } })).toEqual([]);
  });

  it('validate runs the verification suites against the router at the engine\'s address', async () => {
    const validated = await ferry(env.args('validate'), {}, env.root);
    expect(validated.code, validated.stderr + validated.stdout).toBe(0);
    expect(validated.stdout).toContain(`(active v2 via ${routerAt}):`);
  });

  it('warm rollback to v1 under load: zero failed requests', async () => {
    const rolled = await under(['rollback', '--yes', '--json']);
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(json(rolled.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' } });
    expect(rolled.stderr).toContain('Plan rollback: v1 (warm)');
    expect(rolled.stderr).not.toContain(`Pull ${registry.url}`); // the kept container serves: nothing to pull
    expect(rolled.seen.failures).toEqual([]);
    expect(rolled.seen.sent).toBeGreaterThanOrEqual(RATE);
    expect(await servedVersion(`${routerAt}/`)).toBe('v1');
  });

  it('cold rollback to v2 after the engine lost its container and image: pulled back from the registry (same ID), zero failed requests', async () => {
    const v2Id = (await main.docker.getImage(`${repository}:v2`).inspect()).Id;
    await engine.docker.getContainer(`${app}-${env.env}-green`).remove({ force: true });
    await engine.docker.getImage(v2Id).remove({ force: true });
    await expect(engine.docker.getImage(`${repository}:v2`).inspect()).rejects.toMatchObject({ statusCode: 404 });

    const rolled = await under(['rollback', '--yes', '--json']);
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(json(rolled.stdout)).toMatchObject({ outcome: 'succeeded', from: { version: 'v1' }, to: { colour: 'green', version: 'v2' } });
    expect(rolled.stderr).toContain('Plan rollback: v2 (cold)');
    expect(rolled.stderr).toContain(`Pull ${registry.url}/${repository}:v2 on ${engine.url} (${v2Id.slice(7, 19)})`);
    expect((await engine.docker.getImage(`${repository}:v2`).inspect()).Id).toBe(v2Id);
    expect(rolled.seen.failures).toEqual([]);
    expect(rolled.seen.sent).toBeGreaterThanOrEqual(RATE);
    await waitFor(async () => (await servedVersion(`${routerAt}/`)) === 'v2');
  });

  it('status reads that engine and probes the router where ferry reaches it; logs read the active colour there', async () => {
    const status = await ferry(env.args('status', '--json'));
    expect(status.code, status.stderr).toBe(0);
    expect(json(status.stdout)).toMatchObject({
      engine: `${engine.url} (engine.host)`,
      serving: { state: 'serving' },
      active: { colour: 'green', version: 'v2', state: 'running' },
      router: { running: true, liveColour: 'green', listen: `0.0.0.0:${env.listen}`, url: routerAt },
    });
    const text = await ferry(env.args('status'));
    expect(text.stdout).toContain(`(router 0.0.0.0:${env.listen} reached at ${routerAt}, router container ${app}-${env.env}-router running)`);

    const logs = await ferry(env.args('logs'));
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stderr).toContain(`logs of ${app}-${env.env}-green (v2, green)`);
  });

  it('remove leaves no container and no network of the environment on that engine', async () => {
    const removed = await ferry(env.args('remove', '--yes'));
    expect(removed.code, removed.stderr).toBe(0);
    expect(await remoteOf(`${LABEL.app}=${app}`)).toEqual([]);
    expect(await engine.docker.listNetworks({ filters: { name: [network()] } })).toEqual([]);
    expect(await servedVersion(`${routerAt}/`)).toBeNull();
  });
});
