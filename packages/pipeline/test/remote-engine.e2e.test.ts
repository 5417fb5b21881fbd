// An environment on another engine (engine.host: tcp://… of a second dockerd in a namespace of the
// test's own): the image is built here, pushed to a TLS registry and pulled there by ferry; status, logs
// and remove act on that engine's containers, and never on the main engine.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@ferry/shared';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerCreateOptions } from '../src/ports/docker/describe.js';
import { LABEL } from '../src/ports/docker/types.js';
import { routerPaths } from '../src/ports/router/nginx-argv.js';
import { renderUpstreamConf } from '../src/ports/router/nginx-config.js';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { BASE_IMAGE, DEMO_CONTEXT } from './support/images.js';
import { startRegistry, type TestRegistry } from './support/registry.js';
import { startSecondEngine, type SecondEngine } from './support/second-engine.js';

describe('an environment on another engine (engine.host: tcp://)', () => {
  let engine: SecondEngine;
  let registry: TestRegistry;
  let env: TestEnvironment;
  let app = '';
  let imageName = '';
  let containerId = '';
  const main = new Dockerode();
  const file = () => path.join(env.environmentsDir, `${env.env}.yaml`);
  const LOG_LINE = `hello from the other engine ${process.pid}`;

  beforeAll(async () => {
    engine = await startSecondEngine();
    registry = await startRegistry({ tls: { ip: engine.hostIp } });
    env = await makeEnvironment('', { monitor: '0s' });
    app = `e2e-remote-${engine.name}`;
    imageName = `e2e-remote-${engine.name}/demo-app`; // its own repository: the test may push, tag and purge it
    const yaml = (await readFile(file(), 'utf8'))
      .replace(/^app: .*$/m, `app: ${app}`)
      .replace(/^image:\n {2}name: .*$/m, `image:\n  name: ${imageName}\n  build: { context: ${DEMO_CONTEXT}, args: { BASE_IMAGE: "${BASE_IMAGE}" } }`);
    await writeFile(file(), `${yaml}engine:\n  host: ${engine.url}\n`);
  });
  afterAll(async () => {
    for (const tag of ['v1', 'v2']) {
      for (const ref of [`${imageName}:${tag}`, `${registry?.url}/${imageName}:${tag}`]) await main.getImage(ref).remove().catch(() => undefined);
    }
    await env?.cleanup();
    await registry?.stop();
    await engine?.stop();
  });

  const remoteContainers = () => engine.docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${app}`] } });

  it('without image.registry, deploy and build --push stop before anything changes (exit 2 naming image.registry)', async () => {
    for (const command of [['deploy', '--tag', 'v1'], ['build', '--tag', 'v1', '--push']]) {
      const run = await ferry(env.args(...command));
      expect(run.code, `${command[0]}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(`image/registry: required when the environment's engine (${engine.url}, from engine.host) is not the build engine (unix:///var/run/docker.sock)`);
    }
    expect(await remoteContainers()).toEqual([]);
    expect(await engine.docker.listImages()).toEqual([]);
  });

  it('build --push builds here, pushes to the registry, and the environment\'s engine pulls the pushed digest (same image ID)', async () => {
    await writeFile(file(), (await readFile(file(), 'utf8')).replace(/^( {2}build: .*)$/m, `$1\n  registry: { url: "${registry.url}" }`));
    const run = await ferry(env.args('build', '--tag', 'v1', '--push'));
    expect(run.code, run.stderr).toBe(0);
    const digestRef = new RegExp(`^pulled ${registry.url}/${imageName}@sha256:[0-9a-f]{64} on ${engine.url} as ${imageName}:v1$`, 'm');
    expect(run.stdout).toMatch(digestRef);
    const built = await main.getImage(`${imageName}:v1`).inspect();
    expect((await engine.docker.getImage(`${imageName}:v1`).inspect()).Id).toBe(built.Id);
  });

  it('with router/runtime: host a deploy to that engine stops before anything changes: exit 2 naming router/runtime and the fix (the router container deploy there: remote-deploy.e2e)', async () => {
    const run = await ferry(env.args('deploy', '--tag', 'v2'));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`router/runtime: host in ${file()} runs nginx on this machine, but the environment's engine is ${engine.url} (from engine.host), on another machine`);
    expect(run.stderr).toContain('set router/runtime: container (the default');
    expect(await remoteContainers()).toEqual([]);
    await expect(engine.docker.getImage(`${imageName}:v2`).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('status and logs read the containers on that engine; remove --purge tears them down there and leaves the main engine alone', async () => {
    // Arrange: blue as a deploy starts it (ferry's own create options and labels), pinned by ID, on the other engine.
    const imageId = (await engine.docker.getImage(`${imageName}:v1`).inspect()).Id;
    const options = containerCreateOptions({
      name: `${app}-${env.env}-blue`,
      image: `${imageName}:v1`,
      imageId,
      env: {},
      labels: { [LABEL.app]: app, [LABEL.env]: env.env, [LABEL.colour]: 'blue', [LABEL.version]: 'v1' },
      network: 'bridge',
      containerPort: 3000,
      hostPort: env.ports.blue,
    });
    const container = await engine.docker.createContainer({ ...options, Cmd: ['node', '-e', `console.log(${JSON.stringify(LOG_LINE)}); setInterval(() => {}, 1000)`] });
    await container.start();
    containerId = container.id;
    // The router's record says blue serves (the router itself is not what this test is about).
    expect([0, 3]).toContain((await ferry(env.args('status'))).code); // an answer; it also made the state dir as ferry wants it
    const paths = routerPaths({ stateDir: env.stateDir, app, env: env.env, asRoot: process.geteuid?.() === 0 });
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(paths.upstreamConf, renderUpstreamConf({ colour: 'blue', port: env.ports.blue, version: 'v1' }));

    const status = await ferry(env.args('status', '--json'));
    const view = JSON.parse(status.stdout);
    expect(view.engine).toBe(`${engine.url} (engine.host)`);
    expect(view.active).toMatchObject({ colour: 'blue', version: 'v1', state: 'running', containerId: containerId.slice(0, 12), imageId });

    let logs = await ferry(env.args('logs'));
    for (let i = 0; i < 20 && !logs.stdout.includes(LOG_LINE); i++) logs = await ferry(env.args('logs')); // the line may not be written yet
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stderr).toContain(`logs of ${app}-${env.env}-blue (v1, blue)`);
    expect(logs.stdout).toContain(LOG_LINE);

    const removed = await ferry(env.args('remove', '--yes', '--purge', '--json'));
    expect(removed.code, removed.stderr).toBe(0);
    expect(await remoteContainers()).toEqual([]);
    await expect(engine.docker.getImage(`${imageName}:v1`).inspect()).rejects.toMatchObject({ statusCode: 404 }); // purged where the environment lives
    expect((await main.getImage(`${imageName}:v1`).inspect()).Id).toBe(imageId); // the build engine's copy is its own
  });
});
