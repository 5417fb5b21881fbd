// The Docker port against the real engine: images built from the host's node, the demo app,
// containers on bridge and host networks. Everything created here is named `ferry-test…`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import tarFs from 'tar-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHostNodeImage, HOST_NODE_IMAGE } from '../src/dev/host-node-image.js';
import { FerryError } from '../src/errors.js';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import type { ContainerSpec, DockerProgress } from '../src/ports/docker/types.js';
import { DEMO_CONTEXT } from './support/images.js';

const docker = new Dockerode();
const engine = new DockerEngine(docker);
const APP = 'ferry-test-app';
const DEMO_IMAGE = 'ferry-test/demo-app:e2e-1';
const FORCED_BASE = 'ferry-test/node-base:e2e';
const UNREACHABLE_PUSH = '127.0.0.1:1/ferry-test/demo-app:e2e-1';
const ONLY_TAG = 'ferry-test/only-tag:e2e'; // an image with a single tag: the engine refuses to remove it while a container uses it
const IMAGES = [DEMO_IMAGE, FORCED_BASE, UNREACHABLE_PUSH, ONLY_TAG];
const BRIDGE_NAME = 'ferry-test-docker-bridge';
const HOST_NAME = 'ferry-test-docker-host';

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` with the last error. */
async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.ok ? res.json() : undefined;
}

function demoSpec(overrides: Partial<ContainerSpec>): ContainerSpec {
  return {
    name: BRIDGE_NAME,
    image: DEMO_IMAGE,
    env: { FERRY_VERSION: 'e2e-1', FERRY_COLOUR: 'blue', PORT: '3000' },
    labels: { 'ferry.app': APP, 'ferry.env': 'e2e', 'ferry.colour': 'blue', 'ferry.version': 'e2e-1' },
    network: 'bridge',
    containerPort: 3000,
    hostPort: 0,
    ...overrides,
  };
}

async function cleanUp(): Promise<void> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`ferry.app=${APP}`] } });
  for (const id of [...leftovers.map((c) => c.Id), BRIDGE_NAME, HOST_NAME]) await engine.remove(id);
  for (const ref of IMAGES) await engine.removeImage(ref);
}

beforeAll(async () => {
  await engine.ping();
  await cleanUp();
});
afterAll(cleanUp);

describe('DockerEngine against the real engine', () => {
  it('ping names the address and the fix when nothing answers', async () => {
    const nowhere = new DockerEngine(new Dockerode({ socketPath: '/tmp/ferry-test-no-such.sock' }));
    await expect(nowhere.ping()).rejects.toThrow(/Docker engine did not answer at \/tmp\/ferry-test-no-such\.sock.*Start it/);
  });

  it('buildHostNodeImage reuses an existing tag and rebuilds on force', async () => {
    const shared = await buildHostNodeImage(engine);
    expect(await buildHostNodeImage(engine, HOST_NODE_IMAGE)).toBe(shared);
    expect(await engine.imageId(HOST_NODE_IMAGE)).toBe(shared);

    const forced = await buildHostNodeImage(engine, FORCED_BASE, undefined, { force: true });
    const info = await docker.getImage(FORCED_BASE).inspect();
    expect([info.Id, info.Config.WorkingDir, info.Config.Env]).toEqual([forced, '/app', ['PATH=/usr/local/bin:/usr/bin:/bin']]);
  });

  it('builds the demo app on the local base image, honouring .dockerignore', async () => {
    const progress: DockerProgress[] = [];
    const { imageId } = await engine.build(
      {
        context: DEMO_CONTEXT,
        dockerfile: 'Dockerfile',
        args: { BASE_IMAGE: HOST_NODE_IMAGE },
        tag: DEMO_IMAGE,
        labels: { 'ferry.version': 'e2e-1' },
      },
      (event) => progress.push(event),
    );
    expect(imageId).toMatch(/^sha256:/);
    // The engine's "Step n/m" lines arrive as counted steps, numbered 1..m in order.
    const steps = progress.filter((p): p is Extract<DockerProgress, { kind: 'build-step' }> => p.kind === 'build-step');
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.map((p) => p.step)).toEqual(steps.map((_, i) => i + 1));
    expect(steps.every((p) => p.total === steps.length)).toBe(true);
    const info = await docker.getImage(DEMO_IMAGE).inspect();
    expect(info.Config.Labels).toEqual({ 'ferry.version': 'e2e-1' });
    expect(info.Config.Healthcheck?.Test?.[0]).toBe('CMD');
    expect(await engine.listImageTags('ferry-test/demo-app')).toEqual([
      { tag: 'e2e-1', id: imageId, createdAt: expect.any(Number) },
    ]);
  });

  it('a failing build (HTTP 200, errorDetail in the stream) rejects with the build message', async () => {
    const context = await mkdtemp(path.join(os.tmpdir(), 'ferry-test-broken-'));
    try {
      await writeFile(path.join(context, 'Dockerfile'), `FROM ${HOST_NODE_IMAGE}\nCOPY missing.txt /app/\n`);
      const failed = engine.build({ context, dockerfile: 'Dockerfile', args: {}, tag: 'ferry-test/broken:e2e' }, () => {});
      await expect(failed).rejects.toThrow(FerryError);
      await expect(failed).rejects.toThrow(/docker build of ferry-test\/broken:e2e failed: COPY failed: .*missing\.txt/);
      expect(await engine.imageId('ferry-test/broken:e2e')).toBeNull();
    } finally {
      await rm(context, { recursive: true, force: true });
    }
  });

  it('a cancelled build rejects as cancelled', async () => {
    const req = { context: DEMO_CONTEXT, dockerfile: 'Dockerfile', args: { BASE_IMAGE: HOST_NODE_IMAGE }, tag: 'ferry-test/cancelled:e2e' };
    await expect(engine.build(req, () => {}, AbortSignal.abort())).rejects.toThrow(/docker build of ferry-test\/cancelled:e2e was cancelled/);
    expect(await engine.imageId('ferry-test/cancelled:e2e')).toBeNull();
  });

  it('a build with a missing Dockerfile is a ConfigError naming the path', async () => {
    await expect(engine.build({ context: DEMO_CONTEXT, dockerfile: 'Nope', args: {}, tag: 'x:1' }, () => {})).rejects.toThrow(
      /Dockerfile not found at .*examples\/demo-app\/Nope/,
    );
  });

  it('a push the registry refuses rejects with the stream error', async () => {
    await docker.getImage(DEMO_IMAGE).tag({ repo: '127.0.0.1:1/ferry-test/demo-app', tag: 'e2e-1' });
    await expect(engine.push(UNREACHABLE_PUSH, undefined, () => {})).rejects.toThrow(
      /docker push of 127\.0\.0\.1:1\/ferry-test\/demo-app:e2e-1 failed: .*127\.0\.0\.1:1/,
    );
    expect(await engine.removeImage(UNREACHABLE_PUSH)).toBe('removed');
  });

  it('starts a labelled container on 127.0.0.1 (bridge) that turns healthy, lists, logs, stops', async () => {
    const hostPort = await freePort();
    const started = await engine.start(demoSpec({ hostPort }));
    expect(started).toMatchObject({ name: BRIDGE_NAME, app: APP, env: 'e2e', colour: 'blue', version: 'e2e-1', state: 'running' });

    expect(await waitFor('GET /version', 15_000, () => getJson(`http://127.0.0.1:${hostPort}/version`))).toEqual({ version: 'e2e-1' });
    const healthy = await waitFor('docker health', 15_000, async () => {
      const now = await engine.inspect(started.id);
      return now?.health === 'healthy' ? now : undefined;
    });
    expect(healthy.health).toBe('healthy');

    const listed = await engine.list({ app: APP, env: 'e2e' });
    expect(listed.map((c) => [c.id, c.colour, c.version, c.state, c.health])).toEqual([[started.id, 'blue', 'e2e-1', 'running', 'healthy']]);
    expect(await engine.list({ app: APP, env: 'e2e', colour: 'green' })).toEqual([]);

    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await engine.logs(started.id, { follow: false, tail: 10, out });
    expect(text).toMatch(/"event":"start".*"version":"e2e-1"/);

    // A followed log ends when its signal aborts.
    const abort = new AbortController();
    const followed = engine.logs(started.id, { follow: true, out: new PassThrough().resume(), signal: abort.signal });
    setTimeout(() => abort.abort(), 300);
    await followed;

    // The image is in use: removing it is refused and left alone, with the engine's reason.
    expect(await engine.removeImage(DEMO_IMAGE)).toEqual({ refused: expect.stringContaining(`container ${started.id.slice(0, 12)} is using its referenced image`) });
    expect(await engine.imageId(DEMO_IMAGE)).not.toBeNull();

    // Starting the same name again replaces the container.
    const again = await engine.start(demoSpec({ hostPort }));
    expect(again.id).not.toBe(started.id);
    expect(await engine.inspect(started.id)).toBeNull();

    await engine.stop(again.id);
    expect((await engine.inspect(again.id))?.state).toBe('exited');
    await engine.stop(again.id); // already stopped
    await engine.remove(again.id);
    await engine.remove(again.id); // already gone
    await engine.stop(again.id); // gone
    expect(await engine.inspect(again.id)).toBeNull();
  });

  it('host network: the app listens on the given PORT at 127.0.0.1', async () => {
    const hostPort = await freePort();
    const started = await engine.start(demoSpec({ name: HOST_NAME, network: 'host', hostPort, env: { FERRY_VERSION: 'e2e-host' } }));
    try {
      expect(await waitFor('GET /version (host)', 15_000, () => getJson(`http://127.0.0.1:${hostPort}/version`))).toEqual({
        version: 'e2e-host',
      });
      const healthy = await waitFor('docker health (host)', 15_000, async () =>
        (await engine.inspect(started.id))?.health === 'healthy' ? true : undefined,
      );
      expect(healthy).toBe(true);
    } finally {
      await engine.remove(started.id);
    }
  });

  it('removeImage removes an unused image and is idempotent', async () => {
    expect(await engine.removeImage(DEMO_IMAGE)).toBe('removed');
    expect(await engine.removeImage(DEMO_IMAGE)).toBe('absent');
    expect(await engine.listImageTags('ferry-test/demo-app')).toEqual([]);
  });

  it('removeImage leaves a tag a container still uses and says why in the engine\'s words; listManaged lists that container', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-test-rootfs-'));
    try {
      await writeFile(path.join(dir, 'unique'), `${process.pid}-${Date.now()}`); // a fresh image id, so this is its only tag
      await engine.importImage(tarFs.pack(dir), ONLY_TAG, ['CMD ["/nothing"]']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const holder = await docker.createContainer({ name: 'ferry-test-image-holder', Image: ONLY_TAG, Labels: { 'ferry.app': APP, 'ferry.env': 'holder' } });
    const refused = await engine.removeImage(ONLY_TAG);
    expect(refused).toEqual({ refused: expect.stringContaining(`container ${holder.id.slice(0, 12)}`) });
    expect((await engine.listImageTags('ferry-test/only-tag')).map((t) => t.tag)).toEqual(['e2e']);
    const managed = await engine.listManaged();
    expect(managed.find((c) => c.id === holder.id)).toMatchObject({ name: 'ferry-test-image-holder', app: APP, env: 'holder', image: ONLY_TAG, state: 'created' });
    await engine.remove(holder.id);
    expect(await engine.removeImage(ONLY_TAG)).toBe('removed');
  });
});
