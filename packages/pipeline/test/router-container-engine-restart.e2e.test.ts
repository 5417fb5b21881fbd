// The router container survives an engine restart (what a reboot does to containers), on a second
// engine of the test's own: dockerd stops with everything in it and starts again, and the router
// serves the active colour again with no ferry command, whichever of it and the app comes up first.
import type { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import { ContainerRouter } from '../src/ports/router/container-router.js';
import { freePort } from './support/environment.js';
import { E2E_IMAGE, ROUTER_IMAGE } from './support/images.js';
import { startSecondEngine, type SecondEngine } from './support/second-engine.js';
import { waitFor } from './support/wait.js';

const APP = 'e2e-rcrestart';
const ENV = 'test';
const APP_IMAGE = `${E2E_IMAGE}:v1`;

/** `docker save | docker -H … load`: one image onto the second engine, nothing pulled. */
async function copyImage(from: Dockerode, to: Dockerode, ref: string): Promise<void> {
  const tar = (await from.getImage(ref).get()) as unknown as Readable;
  const stream = (await to.loadImage(tar)) as unknown as Readable;
  await new Promise<void>((resolve, reject) => to.modem.followProgress(stream, (err) => (err ? reject(err) : resolve())));
}

describe('router container across an engine restart (second engine)', () => {
  let engine: SecondEngine;
  let remote: DockerEngine;
  let router: ContainerRouter;

  beforeAll(async () => {
    engine = await startSecondEngine();
    const main = new Dockerode();
    for (const ref of [ROUTER_IMAGE, APP_IMAGE]) await copyImage(main, engine.docker, ref);
    remote = new DockerEngine(engine.docker);
    const port = await freePort();
    router = new ContainerRouter(remote, {
      app: APP,
      env: ENV,
      image: ROUTER_IMAGE,
      listen: { host: '0.0.0.0', port },
      probeAt: { host: engine.engineIp, port }, // the engine's own address, as ferry on another machine reaches it
      drainMs: 2000,
      upstreams: { blue: { host: `${APP}-${ENV}-blue`, port: 3000 }, green: { host: `${APP}-${ENV}-green`, port: 3000 } },
    });
  }, 300_000);

  afterAll(async () => engine?.stop());

  it('serves the active colour again by itself after dockerd restarts', async () => {
    await router.ensureRunning();
    await remote.start({
      name: `${APP}-${ENV}-blue`,
      image: APP_IMAGE,
      env: { PORT: '3000', FERRY_VERSION: 'v1', FERRY_COLOUR: 'blue' },
      labels: { 'ferry.app': APP, 'ferry.env': ENV, 'ferry.colour': 'blue', 'ferry.version': 'v1' },
      network: 'bridge',
      containerPort: 3000,
      hostPort: 0,
      attachTo: router.network,
    });
    const preview = await router.colourEndpoint('blue', 3000, '/health');
    await waitFor(async () => (await fetch(preview.url, { headers: preview.headers, signal: AbortSignal.timeout(2000) }).catch(() => null))?.status === 200);
    await router.switchTo({ colour: 'blue', port: 3000, version: 'v1' });
    const before = (await engine.docker.getContainer(router.name).inspect()).State.StartedAt;

    await engine.restart();

    await waitFor(async () => (await router.probe())?.colour === 'blue' && (await router.probe())?.status === 200, 120_000);
    const after = await engine.docker.getContainer(router.name).inspect();
    expect(after.State.StartedAt).not.toBe(before); // a new start of the same container, by the engine alone
    expect(await router.readActive()).toEqual({ colour: 'blue', port: 3000, version: 'v1' });
  });
});
