import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '@ferry/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, FerryError } from '../src/errors.js';
import { renderMainConf } from '../src/ports/router/nginx-config.js';
import { NginxRouter, SwitchUnconfirmedError, type NginxRouterOptions } from '../src/ports/router/nginx.js';
import { assertWorkersCanReach } from '../src/ports/router/worker-access.js';
import type { RouterTarget } from '../src/ports/router/types.js';
import { waitFor } from './support/wait.js';

// Real nginx in front of two real node servers standing in for the blue and green colours.

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A request the test holds open: `arrived` once a colour has it, answered only when the test calls `release`. */
function heldRequest(): { arrived: Promise<void>; arrive: () => void; answered: Promise<void>; release: () => void } {
  let arrive = () => {};
  let release = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const answered = new Promise<void>((resolve) => (release = resolve));
  return { arrived, arrive, answered, release };
}
let slow = heldRequest();

/** Answers its name; /slow is held until the test releases it; POST echoes the byte count it received. */
async function colourServer(name: string): Promise<{ server: Server; port: number }> {
  const server = createHttpServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      const body = req.method === 'POST' ? `${name} ${bytes}` : name;
      if (req.url !== '/slow') return res.end(body);
      slow.arrive();
      void slow.answered.then(() => res.end(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

interface Reply {
  status: number;
  body: string;
}

/** One request on a fresh connection to 127.0.0.1; rejects on any transport error or after 5s. */
function send(port: number, path = '/', body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent: false, timeout: 5000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Every nginx process whose title mentions `dir`: proves nothing leaked. */
async function nginxProcessesUnder(dir: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('nginx') && cmdline.includes(dir)) found.push(Number(name));
  }
  return found;
}

const roots: string[] = [];
const routers: NginxRouter[] = [];
let blue: { server: Server; port: number };
let green: { server: Server; port: number };
let blueTarget: RouterTarget;
let greenTarget: RouterTarget;

async function newRouter(overrides: Partial<NginxRouterOptions> = {}): Promise<NginxRouter> {
  // mkdtemp makes it mode 0700: as root, nginx's `nobody` workers cannot enter it, and need not
  const stateDir = await mkdtemp(join(tmpdir(), 'ferry-router-'));
  roots.push(stateDir);
  const router = new NginxRouter({
    stateDir,
    app: 'demo',
    env: 'e2e',
    listen: { host: '127.0.0.1', port: await freePort() },
    drainMs: 5000,
    ...overrides,
  });
  routers.push(router);
  return router;
}

beforeAll(async () => {
  blue = await colourServer('blue');
  green = await colourServer('green');
  blueTarget = { colour: 'blue', port: blue.port, version: 'v1' };
  greenTarget = { colour: 'green', port: green.port, version: 'v2' };
});

afterAll(async () => {
  for (const router of routers) await router.stop().catch(() => undefined);
  blue?.server.close();
  green?.server.close();
  const leaked = (await Promise.all(roots.map(nginxProcessesUnder))).flat();
  for (const root of roots) await rm(root, { recursive: true, force: true });
  for (const router of routers) await rm(router.paths.tmpDir, { recursive: true, force: true });
  expect(leaked).toEqual([]);
});

describe('NginxRouter against real nginx', () => {
  let router: NginxRouter;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    router = await newRouter({ listen: { host: '127.0.0.1', port } });
  });

  it('starts nginx from the state dir and answers 503 "no active release"', async () => {
    expect(await router.isRunning()).toBe(false);
    await router.ensureRunning();
    expect(await router.isRunning()).toBe(true);
    expect(await send(port)).toEqual({ status: 503, body: 'no active release\n' });
    expect(await router.readActive()).toBeNull();
    expect(await router.probe()).toEqual({ colour: null, upstream: null, status: 503 });
  });

  it('passes its preflight while its own nginx holds the listen port', async () => {
    await router.preflight();
    expect(await router.isRunning()).toBe(true);
  });

  it('ensureRunning again leaves the running master alone', async () => {
    const master = await router.masterPid();
    const workers = await router.workerPids();
    await router.ensureRunning();
    expect(await router.masterPid()).toBe(master);
    expect(await router.workerPids()).toEqual(workers);
  });

  it('switches to blue, then to green, each confirmed by a probe', async () => {
    const toBlue = await router.switchTo(blueTarget);
    expect(toBlue.previous).toBeNull();
    expect(toBlue.confirmedAt).toBeGreaterThanOrEqual(toBlue.appliedAt);
    expect(await send(port)).toEqual({ status: 200, body: 'blue' });
    expect(await router.probe()).toEqual({ colour: 'blue', upstream: `127.0.0.1:${blue.port}`, status: 200 });
    expect(await router.readActive()).toEqual(blueTarget);

    const toGreen = await router.switchTo(greenTarget);
    expect(toGreen.previous).toEqual(blueTarget);
    expect(await send(port)).toEqual({ status: 200, body: 'green' });
    expect(await router.readActive()).toEqual(greenTarget);
  });

  it('loses no request during three switches under continuous traffic', async () => {
    const replies: Promise<Reply | Error>[] = [];
    let switching = true;
    const traffic = (async () => {
      // ~100 req/s, each on its own connection, for as long as the switches take (at least 300 requests)
      for (let i = 0; switching || i < 300; i++) {
        replies.push(send(port).catch((error: Error) => error));
        await sleep(10);
      }
    })();
    for (const target of [blueTarget, greenTarget, blueTarget]) {
      await sleep(600);
      await router.switchTo(target);
    }
    switching = false;
    await traffic;
    const results = await Promise.all(replies);
    const failed = results.filter((r) => r instanceof Error || r.status !== 200);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(300);
    const bodies = new Set(results.map((r) => (r as Reply).body));
    expect(bodies).toEqual(new Set(['blue', 'green']));
    expect(await send(port)).toEqual({ status: 200, body: 'blue' });
  });

  it('refuses a switch nginx -t rejects: file unchanged, no reload, traffic stays', async () => {
    const upstreamBefore = await router.readUpstreamText();
    const goodMain = await readFile(router.paths.mainConf, 'utf8');
    const master = await router.masterPid();
    const workers = await router.workerPids();
    const broken = renderMainConf({
      dir: router.paths.dir,
      tmpDir: router.paths.tmpDir,
      listen: { host: '127.0.0.1', port },
      drainMs: 5000,
      app: 'demo',
      env: 'e2e',
      snippet: 'ferry_bogus_directive on;',
    });
    await writeFile(router.paths.mainConf, broken);
    try {
      const attempt = router.switchTo(greenTarget);
      await expect(attempt).rejects.toThrow(FerryError);
      await expect(attempt).rejects.toThrow(/nginx rejected the new config.*ferry_bogus_directive/s);
      expect(await router.readUpstreamText()).toBe(upstreamBefore);
      expect(await send(port)).toEqual({ status: 200, body: 'blue' });
      expect(await router.masterPid()).toBe(master);
      expect(await router.workerPids()).toEqual(workers);
    } finally {
      await writeFile(router.paths.mainConf, goodMain);
    }
  });

  it('lets an in-flight request finish across a reload, then reports the drain', async () => {
    const serving = (await router.workerPids()).length; // one per core
    slow = heldRequest();
    const inFlight = send(port, '/slow');
    await slow.arrived; // blue holds it, through the current worker
    // The switch confirms while the request is still held: it waits for the old worker to stop
    // accepting, never for its in-flight requests (no time window: the request waits for us).
    const switched = await router.switchTo(greenTarget);
    expect(switched.confirmedAt).toBeGreaterThanOrEqual(switched.appliedAt);
    // the old worker holding the request keeps draining; the idle old ones exit (later on a busy machine)
    await waitFor(async () => (await router.workerPids()).length === serving + 1, 8000);
    expect(await router.workerPids()).toHaveLength(serving + 1);
    const draining = router.waitForDrain({ timeoutMs: 8000 });
    slow.release();
    const drain = await draining;
    expect(await inFlight).toEqual({ status: 200, body: 'blue' });
    expect(drain.drained).toBe(true);
    expect(await router.workerPids()).toHaveLength(serving);
    expect(await send(port)).toEqual({ status: 200, body: 'green' });
  });

  it('buffers a large request body to a temp dir the workers reach and proxies it whole', async () => {
    // above client_body_buffer_size (so nginx writes a temp file), below the 1m client_max_body_size
    const body = Buffer.alloc(900 * 1024, 'x');
    expect(await send(port, '/upload', body)).toEqual({ status: 200, body: `green ${body.length}` });
  });

  it('restores a saved upstream text and can switch back to none', async () => {
    const saved = (await router.readUpstreamText())!;
    await router.switchTo(null);
    expect(await send(port)).toEqual({ status: 503, body: 'no active release\n' });
    await router.restoreUpstream(saved);
    expect(await router.readUpstreamText()).toBe(saved);
    expect(await send(port)).toEqual({ status: 200, body: 'green' });
  });

  it('reports an unconfirmed switch when the target does not answer, and the saved text restores it', async () => {
    const before = await router.readUpstreamText();
    const dead: RouterTarget = { colour: 'blue', port: await freePort(), version: 'v3' };
    const attempt = router.switchTo(dead, { confirmTimeoutMs: 500 });
    await expect(attempt).rejects.toThrow(SwitchUnconfirmedError);
    await expect(attempt).rejects.toThrow(/did not confirm it within 500ms \(last probe: status 502, X-Ferry-Colour blue/);
    const error = (await attempt.catch((e: unknown) => e)) as SwitchUnconfirmedError;
    expect(error.previousText).toBe(before);
    await router.restoreUpstream(error.previousText!);
    expect(await send(port)).toEqual({ status: 200, body: 'green' });
  });

  it('stops its own nginx and then nothing answers', async () => {
    const master = (await router.masterPid())!;
    await router.stop();
    expect(await router.isRunning()).toBe(false);
    expect(await nginxProcessesUnder(router.paths.dir)).toEqual([]);
    expect(await isProcessAlive(master)).toBe(false);
    expect(await router.probe()).toBeNull();
  });

  it('refuses to switch while stopped and leaves upstream.conf alone', async () => {
    const before = await router.readUpstreamText();
    await expect(router.switchTo(blueTarget)).rejects.toThrow(/nginx for demo\/e2e is not running/);
    expect(await router.readUpstreamText()).toBe(before);
  });
});

describe('NginxRouter failures that name the fix', () => {
  it('names the port and router/listen when the port is taken', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const router = await newRouter({ listen: { host: '127.0.0.1', port: taken } });
      const attempt = router.ensureRunning();
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(attempt).rejects.toThrow(new RegExp(`router/listen: 127\\.0\\.0\\.1:${taken} is already in use`));
      expect(await router.isRunning()).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.runIf(process.geteuid?.() === 0)('as root, keeps the workers\' temp dir out of a private state dir, in one the workers reach', async () => {
    const router = await newRouter();
    const stateDir = dirname(router.paths.dir);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect(router.paths.tmpDir).toMatch(/^\/var\/cache\/ferry\/router\/demo-e2e-[0-9a-f]{12}$/);
    await router.preflight();
    await router.ensureRunning();
    expect((await stat(router.paths.tmpDir)).mode & 0o777).toBe(0o711);
    const nobodyOwned = await stat(join(router.paths.tmpDir, 'client_body'));
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    expect([nobodyOwned.uid, nobodyOwned.mode & 0o777]).toEqual([nobody, 0o700]);
    await router.stop();
  });

  it('preflight: a taken port, a missing nginx and a bad snippet are refused before anything is written', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const cases: [Partial<NginxRouterOptions>, RegExp][] = [
        [{ listen: { host: '127.0.0.1', port: taken } }, new RegExp(`router/listen: 127\\.0\\.0\\.1:${taken} is already in use`)],
        [{ bin: '/nonexistent/ferry-test/nginx' }, /nginx is not installed .*apt-get install nginx-light/],
        [{ bin: 'ferry-test-no-such-nginx' }, /"ferry-test-no-such-nginx" not found on PATH/],
        [{ snippet: 'ferry_bogus_directive on;' }, /nginx rejected the config ferry would write to .*\/router\/nginx\.conf \(check router\/snippet\).*ferry_bogus_directive/s],
      ];
      for (const [overrides, message] of cases) {
        const router = await newRouter(overrides);
        const attempt = router.preflight();
        await expect(attempt).rejects.toThrow(ConfigError);
        await expect(attempt).rejects.toThrow(message);
        expect(await readdir(dirname(router.paths.dir))).toEqual([]);
        await expect(stat(router.paths.tmpDir)).rejects.toThrow(/ENOENT/);
      }
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.runIf(process.geteuid?.() === 0)('as root, refuses a temp dir below a directory the nobody workers cannot enter', async () => {
    const hidden = await mkdtemp(join(tmpdir(), 'ferry-private-'));
    roots.push(hidden);
    const attempt = assertWorkersCanReach(join(hidden, 'not', 'yet', 'made'));
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(`cannot enter ${hidden} (mode 700)`);
  });

  it('says how to install nginx when the binary is missing', async () => {
    const router = await newRouter({ bin: '/nonexistent/ferry-test/nginx' });
    await expect(router.ensureRunning()).rejects.toThrow(/apt-get install nginx-light/);
  });

  it('rejects an invalid snippet at ensureRunning with nginx\'s own message', async () => {
    const router = await newRouter({ snippet: 'ferry_bogus_directive on;' });
    await expect(router.ensureRunning()).rejects.toThrow(/router\/snippet.*ferry_bogus_directive/s);
    expect(await router.isRunning()).toBe(false);
  });
});
