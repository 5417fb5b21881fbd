// A hung Docker engine must not hold the deploy lock forever: every call is bounded by engine.request_timeout,
// the command says which engine and call did not answer and which key to raise, exits with the code of where
// it happened, releases the lock, and ends in a time bounded by a few times the configured timeout.
// A hung registry leaves the push stream silent: engine.stream_idle_timeout bounds it the same way.
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry, type FerryRun } from './support/ferry.js';
import { freePort, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { engineHanging, everyCallAfter, silentEngine, type HungEngine } from './support/hung-engine.js';

const TIMEOUT_S = 3;
// Bound on a whole command: a handful of bounded calls, plus the undo's calls when it gets that far.
const BOUND_MS = 12 * TIMEOUT_S * 1000;

async function timed(args: string[], dockerHost: string): Promise<FerryRun & { ms: number }> {
  const started = Date.now();
  const run = await ferry(args, { DOCKER_HOST: dockerHost });
  return { ...run, ms: Date.now() - started };
}

const said = (run: FerryRun) => run.stdout + run.stderr;

describe('a hung Docker engine', () => {
  let env: TestEnvironment;
  let engine: HungEngine | undefined;
  const socket = () => path.join(env.root, 'engine.sock');

  beforeAll(async () => {
    env = await makeEnvironment(`engine:\n  request_timeout: ${TIMEOUT_S}s\n`, { monitor: '1s' });
    const first = await ferry(env.args('deploy', '--tag', 'v1'));
    expect(first.code, said(first)).toBe(0);
  });
  afterAll(async () => {
    await engine?.close();
    await env?.cleanup();
  });

  /** The lock is free and v1 still serves: a real command on the real engine takes the lock right after. */
  async function expectLockFreeAndV1Serving(): Promise<void> {
    const status = await ferry(env.args('status'));
    expect(status.code, said(status)).toBe(0);
    expect(status.stdout).toMatch(/^lock: +free$/m);
    expect(status.stdout).toMatch(/^serving: yes, v1 on blue answers through the router$/m);
  }

  describe('that accepts connections and never answers', () => {
    beforeAll(async () => {
      engine = await silentEngine(socket());
    });
    afterAll(async () => {
      await engine?.close();
      engine = undefined;
    });

    it('ferry status ends within the bound, naming the engine, the call and engine.request_timeout', async () => {
      const run = await timed(env.args('status'), engine!.dockerHost);
      expect(run.code, said(run)).not.toBe(0);
      expect(run.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000);
      expect(run.ms).toBeLessThan(BOUND_MS);
      expect(said(run)).toContain(`Docker engine at ${engine!.dockerHost} did not answer ping within ${TIMEOUT_S}s (engine.request_timeout)`);
      expect(said(run)).toContain('raise engine.request_timeout in the environment file');
    });

    it('ferry deploy and ferry rollback end within the bound, change nothing, say so, and release the lock', async () => {
      for (const args of [env.args('deploy', '--tag', 'v2'), env.args('rollback', '--yes')]) {
        const run = await timed(args, engine!.dockerHost);
        expect(run.code, said(run)).toBe(1);
        expect(run.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000);
        expect(run.ms).toBeLessThan(BOUND_MS);
        expect(said(run)).toContain(`Docker engine at ${engine!.dockerHost} did not answer ping within ${TIMEOUT_S}s (engine.request_timeout)`);
        expect(said(run)).toContain('Nothing was changed.');
        await expectLockFreeAndV1Serving();
      }
    });
  });

  describe('that answers /_ping and nothing else', () => {
    beforeAll(async () => {
      engine = await engineHanging(socket(), (call) => !/^(GET|HEAD) \/_ping/.test(call));
    });
    afterAll(async () => {
      await engine?.close();
      engine = undefined;
    });

    it('ferry status and ferry rollback name the call after the ping that hung (listing, router inspect), end within the bound, and release the lock', async () => {
      const listing = new RegExp(`Docker engine at ${engine!.dockerHost} did not answer list containers of ${env.app}/${env.env} within ${TIMEOUT_S}s \\(engine\\.request_timeout\\)`);
      const status = await timed(env.args('status'), engine!.dockerHost);
      expect(status.code, said(status)).not.toBe(0);
      expect(status.ms).toBeLessThan(BOUND_MS);
      expect(said(status)).toMatch(listing);
      const rollback = await timed(env.args('rollback', '--yes'), engine!.dockerHost);
      expect(rollback.code, said(rollback)).toBe(1);
      expect(rollback.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000);
      expect(rollback.ms).toBeLessThan(BOUND_MS);
      // rollback's first call after the ping: is the other runtime's router running (two would want one address)
      expect(said(rollback)).toMatch(new RegExp(`Docker engine at ${engine!.dockerHost} did not answer inspect container ${env.app}-${env.env}-router within ${TIMEOUT_S}s \\(engine\\.request_timeout\\)`));
      expect(said(rollback)).toContain('Nothing was changed.');
      await expectLockFreeAndV1Serving();
    });
  });

  describe('that answers until the new container has started, then hangs', () => {
    beforeAll(async () => {
      engine = await engineHanging(socket(), everyCallAfter(/^POST \/containers\/[^/]+\/start/));
    });
    afterAll(async () => {
      await engine?.close();
      engine = undefined;
    });

    it('ferry deploy: the undo against the hung engine is not claimed done (exit 3), within the bound, lock released', async () => {
      const run = await timed(env.args('deploy', '--tag', 'v2'), engine!.dockerHost);
      expect(engine!.calls.some((call) => /^POST \/containers\/[^/]+\/start/.test(call)), engine!.calls.join('\n')).toBe(true);
      expect(run.code, said(run)).toBe(3);
      expect(run.ms).toBeLessThan(BOUND_MS);
      expect(said(run)).toMatch(/Docker engine at unix:\S+ did not answer inspect container \S+ within 3s \(engine\.request_timeout\)/);
      expect(said(run)).toMatch(/RECOVERY FAILED: .*did not answer remove container \S+ within 3s/);
      expect(said(run)).not.toMatch(/Rolled back:/);
      // the real engine took the lock right after: status reads it free (v2's container is left for a human, as said)
      const status = await ferry(env.args('status'));
      expect(status.stdout).toMatch(/^lock: +free$/m);
    });
  });
});

describe('a hung registry', () => {
  let env: TestEnvironment;
  let registry: net.Server;
  const sockets = new Set<net.Socket>();
  let remote = '';

  beforeAll(async () => {
    // Accepts the engine's connections and never answers: the push stream goes silent.
    registry = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    const port = await freePort();
    await new Promise<void>((resolve) => registry.listen(port, '127.0.0.1', resolve));
    remote = `127.0.0.1:${port}/ferry-e2e/demo-app:v2`;
    env = await makeEnvironment(`engine:\n  stream_idle_timeout: ${TIMEOUT_S}s\n`, { monitor: '1s' });
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/(image:\n  name: \S+)/, `$1\n  registry: { url: "127.0.0.1:${port}" }`));
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.destroy());
    registry?.close();
    await new Dockerode().getImage(remote).remove().catch(() => undefined); // the tag this test's push made
    await env?.cleanup();
  });

  it('ferry deploy gives up on the silent push after engine.stream_idle_timeout, exit 1, nothing started, lock released', async () => {
    const run = await timed(env.args('deploy', '--tag', 'v2'), 'unix:///var/run/docker.sock');
    expect(run.code, said(run)).toBe(1);
    expect(run.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000);
    expect(run.ms).toBeLessThan(BOUND_MS);
    expect(said(run)).toContain(`sent nothing for ${TIMEOUT_S}s during docker push of ${remote} (engine.stream_idle_timeout)`);
    expect(said(run)).toContain('raise engine.stream_idle_timeout in the environment file');
    const containers = await new Dockerode().listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`] } });
    expect(containers).toEqual([]);
    const status = await ferry(env.args('status'));
    expect(status.stdout).toMatch(/^lock: +free$/m);
  });
});
