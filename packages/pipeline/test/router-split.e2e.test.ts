import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import type { ContainerSpec } from '../src/ports/docker/types.js';
import { accessSamples } from '../src/ports/router/access-log.js';
import { AHEAD_UPSTREAM_CONF } from '../src/ports/router/container-ahead.js';
import { CONTAINER_UPSTREAM_CONF } from '../src/ports/router/container-config.js';
import { ContainerRouter } from '../src/ports/router/container-router.js';
import { NginxRouter } from '../src/ports/router/nginx.js';
import { splitTolerance, SplitUnconfirmedError, unansweredAllowed } from '../src/ports/router/split-share.js';
import type { RouterTarget, Split } from '../src/ports/router/types.js';
import { ferry } from './support/ferry.js';
import { freePort, HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { getThroughRouter, routerContainerFixture } from './support/router-container.js';
import { E2E_IMAGE, ROUTER_IMAGE } from './support/images.js';
import { startLoad } from './support/load.js';
import { waitFor } from './support/wait.js';

// The router container's weighted split (a canary's primitive), in front of two real demo-app containers of the
// shared image: each change is written, tested, reloaded, and confirmed by a count through the router.

const docker = new Dockerode();
const engine = new DockerEngine(docker);
const fixture = routerContainerFixture('e2e-split', engine);
const { app: APP, env: ENV, appName, cleanup } = fixture;
const stable: RouterTarget = { colour: 'blue', port: 3000, version: 'v1' };
const canary: RouterTarget = { colour: 'green', port: 3000, version: 'v2' };
let port: number;
let router: ContainerRouter;

const split = (canaryPercent: number): Split => ({ stable, canary, canaryPercent });
const appSpec = (target: RouterTarget): ContainerSpec => fixture.appSpec(target.colour, target.version, router.network);

/** One GET through the router on a fresh connection: its X-Ferry-Colour (null: nothing answered, or not a 200). */
async function colourOfOne(headers: Record<string, string> = {}): Promise<string | null> {
  const answer = await getThroughRouter(port, headers);
  return answer?.status === 200 ? answer.colour : null;
}

beforeAll(async () => {
  await cleanup();
  port = await freePort();
  router = new ContainerRouter(engine, fixture.options(port));
  await router.preflight();
  await router.ensureRunning();
  await engine.start(appSpec(stable));
  await waitFor(async () => (await colourOfOne(await router.previewHeader('blue'))) === 'blue');
  await router.switchTo(stable);
});

afterAll(cleanup);

describe('router split', () => {
  it('refuses a split whose canary is not running: nothing changed', async () => {
    const before = await router.readUpstreamText();
    await expect(router.setSplit(split(10))).rejects.toThrow(/green's container e2e-split-\S+ is not running on ferry-e2e-split-\S+: a colour must run before a split sends it requests; nothing was changed/);
    // 100 % is the canary alone: refused the same way, not switched and undone
    await expect(router.setSplit(split(100))).rejects.toThrow(/green's container .* is not running/);
    expect(await router.readUpstreamText()).toBe(before);
    expect(await router.readSplit()).toBeNull();
    // bad input, before anything is read
    await expect(router.setSplit({ ...split(10), canaryPercent: 12.5 })).rejects.toThrow(/canary weight 12.5 must be a whole percent from 0 to 100/);
    await expect(router.setSplit({ ...split(10), canary: stable })).rejects.toThrow(/a split needs two colours/);
  });

  it('10 → 50 → 100 → 0, then 25 → 0 (an abort from a split) under load: each step confirmed within tolerance, read back, 0 failed requests', async () => {
    await engine.start(appSpec(canary));
    await waitFor(async () => (await colourOfOne(await router.previewHeader('green'))) === 'green');
    const { cursor } = await router.readAccessLog(null);
    const load = startLoad(`http://127.0.0.1:${port}/`, 120);
    const figures: string[] = [];
    try {
      for (const percent of [10, 50, 100, 0, 25, 0]) {
        const called = Date.now();
        const result = await router.setSplit(split(percent));
        const { observed } = result;
        figures.push(`${percent} %: canary ${observed.answered[canary.colour]}/${observed.counted} (±${(observed.tolerance * 100).toFixed(1)} pts), called → confirmed ${result.confirmedAt - called} ms (applied at +${result.appliedAt - called} ms)`);
        expect(observed.counted).toBe(200);
        expect(observed.unanswered).toBeLessThanOrEqual(unansweredAllowed(200));
        expect(observed.routerErrors).toBe(0);
        expect(Math.abs(observed.canaryShare - percent / 100)).toBeLessThanOrEqual(observed.tolerance);
        expect(result.appliedAt).toBeGreaterThanOrEqual(called);
        expect(result.confirmedAt).toBeGreaterThanOrEqual(result.appliedAt);
        // the router's own config says what was set: 0 and 100 are one colour alone
        expect(await router.readSplit()).toEqual(percent === 0 || percent === 100 ? null : split(percent));
        expect(await router.readActive()).toEqual(percent === 100 ? canary : stable);
        // the load's own requests held for a while at this step, by the version that answered them
        const from = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const during = load.answered().filter((answer) => answer.sentAt >= from);
        expect(during.length).toBeGreaterThan(0);
        const share = during.filter((answer) => answer.version === canary.version).length / during.length;
        expect(Math.abs(share - percent / 100)).toBeLessThanOrEqual(splitTolerance(percent / 100, during.length));
      }
    } finally {
      const result = await load.stop();
      console.log(`router split under ${result.sent} requests at 120/s:\n  ${figures.join('\n  ')}`);
      expect(result.failures).toEqual([]);
      expect(result.failed).toBe(0);
    }
    // the access log read from its end (the engine's tail) holds every line of the engine's whole read since the cursor
    await new Promise((resolve) => setTimeout(resolve, 1500)); // nginx flushes its log each second
    let whole = '';
    await engine.logs(router.name, { follow: false, sinceMs: cursor.at, out: new Writable({ write: (chunk: Buffer, _encoding, done) => ((whole += chunk.toString('utf8')), done()) }) });
    const fromEnd = await router.readAccessLog(cursor);
    expect(fromEnd.samples.length).toBeGreaterThan(1000);
    expect(fromEnd.samples).toEqual(accessSamples(whole));
  });

  it('a split tested ahead: the side copy changes nothing that serves; the change of those bytes skips its own test and loads them; any other tests itself', async () => {
    const file = async (path: string) => (await engine.exec(router.name, ['cat', path], { timeoutMs: 10_000 })).output;
    await router.setSplit(split(10));
    const before = { text: await router.readUpstreamText(), workers: await router.workerPids() };
    await router.testSplitAhead(split(50));
    // nothing reloaded, nothing that a reload or a restart reads was touched
    expect(await router.readUpstreamText()).toBe(before.text);
    expect(await router.workerPids()).toEqual(before.workers);
    expect(await router.readSplit()).toEqual(split(10));
    const ahead = await router.setSplit(split(50));
    expect(ahead.testedAhead).toBe(true);
    expect(Math.abs(ahead.observed.canaryShare - 0.5)).toBeLessThanOrEqual(ahead.observed.tolerance);
    // the bytes nginx loaded are the bytes nginx -t took
    expect(await file(AHEAD_UPSTREAM_CONF)).toBe(await file(CONTAINER_UPSTREAM_CONF));
    // tested ahead for another weight: this change tests itself
    await router.testSplitAhead(split(25));
    const other = await router.setSplit(split(10));
    expect(other.testedAhead).toBe(false);
    expect(await router.readSplit()).toEqual(split(10));
    // a test ahead is used once: the same change again tests itself
    await router.testSplitAhead(split(50));
    expect((await router.setSplit(split(50))).testedAhead).toBe(true);
    expect((await router.setSplit(split(50))).testedAhead).toBe(false);
    await router.setSplit(split(0));
  });

  it('ensureRunning during a split keeps it, with no reload; 0 % ends it', async () => {
    await router.setSplit(split(10));
    const workers = await router.workerPids();
    await router.ensureRunning();
    expect(await router.readSplit()).toEqual(split(10));
    expect(await router.workerPids()).toEqual(workers);
    const ended = await router.setSplit(split(0));
    expect(ended.observed).toMatchObject({ counted: 200, routerErrors: 0, answered: { blue: 200, green: 0 } });
    expect(await router.readSplit()).toBeNull();
    expect(await router.readActive()).toEqual(stable);
  });

  it('previews still reach each colour during a split', async () => {
    await router.setSplit(split(50));
    for (const colour of ['blue', 'green']) {
      for (let i = 0; i < 10; i++) expect(await colourOfOne(await router.previewHeader(colour as 'blue' | 'green'))).toBe(colour);
    }
    await router.setSplit(split(0));
  });

  it('a split the count does not confirm (the canary answers nothing) puts the previous config back', async () => {
    const before = await router.readUpstreamText();
    await docker.getContainer(appName('green')).pause();
    try {
      const failed = await router.setSplit(split(25)).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(SplitUnconfirmedError);
      expect((failed as SplitUnconfirmedError).message).toMatch(/probes got no answer from a colour.*the previous config was put back/);
      expect((failed as SplitUnconfirmedError).observed?.unanswered).toBeGreaterThan(0);
      expect(await router.readSplit()).toBeNull();
      expect(await router.readActive()).toEqual(stable);
      expect(await router.readUpstreamText()).toBe(before);
      for (let i = 0; i < 20; i++) expect(await colourOfOne()).toBe('blue');
    } finally {
      await docker.getContainer(appName('green')).unpause();
    }
  });
});

describe('host router split (router/runtime: host)', () => {
  const hostName = (colour: string) => `${APP}-${ENV}-host-${colour}`;
  let stateDir: string;
  let host: NginxRouter;
  let listen: number;
  const targets: Record<'blue' | 'green', RouterTarget> = { blue: { ...stable }, green: { ...canary } };
  const hostSplit = (canaryPercent: number): Split => ({ stable: targets.blue, canary: targets.green, canaryPercent });

  /** A demo-app container of the shared image, published on a loopback port of its own. */
  async function startPublished(target: RouterTarget): Promise<void> {
    target.port = await freePort();
    await engine.start({
      name: hostName(target.colour),
      image: `${E2E_IMAGE}:${target.version}`,
      env: { PORT: '3000', FERRY_VERSION: target.version, FERRY_COLOUR: target.colour },
      labels: { 'ferry.app': APP, 'ferry.env': `${ENV}h`, 'ferry.colour': target.colour, 'ferry.version': target.version },
      network: 'bridge',
      containerPort: 3000,
      hostPort: target.port,
    });
  }

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'ferry-split-'));
    listen = await freePort();
    host = new NginxRouter({ stateDir, app: APP, env: `${ENV}h`, listen: { host: '127.0.0.1', port: listen }, drainMs: 2000 });
    await host.preflight();
    await host.ensureRunning();
    await startPublished(targets.blue);
    targets.green.port = await freePort(); // green is started by the second test: its port takes no connection before
    await waitFor(async () => (await fetchStatus(targets.blue.port)) === 200);
    await host.switchTo(targets.blue);
  });

  afterAll(async () => {
    await host?.remove().catch(() => undefined);
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('refuses a split whose canary takes no connection: nothing changed', async () => {
    const before = await host.readUpstreamText();
    await expect(host.setSplit(hostSplit(10))).rejects.toThrow(/green \(v2\) takes no connection on 127\.0\.0\.1:\d+: a colour must run before a split sends it requests; nothing was changed/);
    await expect(host.setSplit(hostSplit(100))).rejects.toThrow(/green \(v2\) takes no connection/);
    expect(await host.readUpstreamText()).toBe(before);
  });

  it('10 → 50 → 100 → 0 under load: confirmed within tolerance, read back, 0 failed requests', async () => {
    await startPublished(targets.green);
    await waitFor(async () => (await fetchStatus(targets.green.port)) === 200);
    const load = startLoad(`http://127.0.0.1:${listen}/`, 120);
    const figures: string[] = [];
    try {
      for (const percent of [10, 50, 100, 0]) {
        const called = Date.now();
        const result = await host.setSplit(hostSplit(percent));
        figures.push(`${percent} %: canary ${result.observed.answered.green}/${result.observed.counted}, called → confirmed ${result.confirmedAt - called} ms`);
        expect(result.observed).toMatchObject({ counted: 200, routerErrors: 0 });
        expect(result.observed.unanswered).toBeLessThanOrEqual(unansweredAllowed(200));
        expect(Math.abs(result.observed.canaryShare - percent / 100)).toBeLessThanOrEqual(result.observed.tolerance);
        expect(await host.readSplit()).toEqual(percent === 0 || percent === 100 ? null : hostSplit(percent));
        expect(await host.readActive()).toEqual(percent === 100 ? targets.green : targets.blue);
      }
    } finally {
      const result = await load.stop();
      console.log(`host router split under ${result.sent} requests at 120/s:\n  ${figures.join('\n  ')}`);
      expect(result.failures).toEqual([]);
    }
  });
});

/** The status of one GET / on a fresh connection to a loopback port (0: no answer). */
function fetchStatus(at: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: at, path: '/', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('ferry status with a split (router/runtime: container)', () => {
  let env: TestEnvironment;
  let direct: ContainerRouter;
  const onEnv = (colour: string) => `${env.app}-${env.env}-${colour}`;

  beforeAll(async () => {
    env = await makeEnvironment();
    const file = join(env.environmentsDir, `${env.env}.yaml`);
    await writeFile(file, (await readFile(file, 'utf8')).replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`));
    for (const tag of ['v1', 'v2']) {
      const deployed = await ferry(env.args('deploy', '--tag', tag, '--yes', '--plain'));
      expect(deployed.code, deployed.stderr).toBe(0);
    }
    // the router ferry made, driven as the canary flow will: v2 serves on green, v1 stays on blue
    direct = new ContainerRouter(engine, {
      app: env.app,
      env: env.env,
      image: ROUTER_IMAGE,
      listen: { host: '127.0.0.1', port: env.listen },
      probeAt: { host: '127.0.0.1', port: env.listen },
      drainMs: 5000,
      upstreams: { blue: { host: onEnv('blue'), port: 3000 }, green: { host: onEnv('green'), port: 3000 } },
    });
  });

  afterAll(async () => {
    await env?.cleanup();
    await engine.removeNetwork(`ferry-${env.app}-${env.env}`).catch(() => undefined);
  });

  it('shows the split (text and --json) read from the router, with no drift whichever colour answers; 0 % ends it', async () => {
    const wanted: Split = { stable: { colour: 'green', port: 3000, version: 'v2' }, canary: { colour: 'blue', port: 3000, version: 'v1' }, canaryPercent: 50 };
    await direct.setSplit(wanted);
    // five looks: the status probe meets each colour of a 50 % split
    for (let i = 0; i < 5; i++) {
      const status = await ferry(env.args('status'));
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('split:   green v2 50 % · blue v1 50 %');
      expect(status.stdout).toContain('active:  v2 on green');
      expect(status.stdout).not.toContain('warning:');
    }
    const json = JSON.parse((await ferry(env.args('status', '--json'))).stdout);
    expect(json).toMatchObject({ router: { split: wanted }, drift: [], warnings: [], routedColour: 'green', standby: { colour: 'blue', version: 'v1' } });
    await direct.setSplit({ ...wanted, canaryPercent: 0 });
    const after = await ferry(env.args('status', '--json'));
    expect(JSON.parse(after.stdout)).toMatchObject({ router: { split: null, liveColour: 'green' }, drift: [] });
  });
});
