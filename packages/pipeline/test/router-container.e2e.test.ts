import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import type { ContainerSpec } from '../src/ports/docker/types.js';
import { ContainerRouter, type ContainerRouterOptions } from '../src/ports/router/container-router.js';
import { CONTAINER_LIVE_LINK, liveEntries } from '../src/ports/router/container-live.js';
import { freePort } from './support/environment.js';
import { getThroughRouter, routerContainerFixture } from './support/router-container.js';
import { BASE_IMAGE } from './support/images.js';
import { startLoad } from './support/load.js';
import { waitFor } from './support/wait.js';

// The router as a container on the real engine, in front of two real demo-app containers that
// publish no port: the router reaches them by name on the environment's network.

const docker = new Dockerode();
const engine = new DockerEngine(docker);
const fixture = routerContainerFixture('e2e-rc', engine);
const { app: APP, env: ENV, appName, cleanup } = fixture;
let port: number;
let router: ContainerRouter;
let options: ContainerRouterOptions;

const appSpec = (colour: 'blue' | 'green', version: string): ContainerSpec => fixture.appSpec(colour, version, router.network);
const get = (headers: Record<string, string> = {}, timeout = 2000) => getThroughRouter(port, headers, timeout);

/** One GET through the router; its status and body. */
function getBody(path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

const removeContainer = (name: string) => docker.getContainer(name).remove({ force: true });

/** The upstream block that keeps connections to a colour open, as the conf on disk has it. */
const kept = (colour: string) => `upstream ferry_kept_${colour} {\n    server ${appName(colour)}:3000;`;

/** Connections established from the router's network namespace to address:port (its /proc/<pid>/net/tcp). */
async function establishedFromRouter(address: string, port: number): Promise<number> {
  const pid = (await router.mainPid())!;
  const hex = address.split('.').map(Number).reverse().map((byte) => byte.toString(16).padStart(2, '0')).join('').toUpperCase();
  const remote = `${hex}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const lines = (await readFile(`/proc/${pid}/net/tcp`, 'utf8')).split('\n').slice(1);
  return lines.filter((line) => line.trim().split(/\s+/)[2] === remote && line.trim().split(/\s+/)[3] === '01').length;
}

async function routerLog(since: number): Promise<string> {
  return (await docker.getContainer(router.name).logs({ stdout: true, stderr: true, since })).toString('utf8');
}

const servesColour = (colour: string) => async () => (await get())?.colour === colour && (await get())?.status === 200;

beforeAll(async () => {
  await cleanup();
  port = await freePort();
  options = fixture.options(port);
  router = new ContainerRouter(engine, options);
});

afterAll(cleanup);

describe('router container', () => {
  it('preflight names router/image when the engine lacks the image', async () => {
    const missing = new ContainerRouter(engine, { ...options, image: 'ferry-e2e/no-such-router:none' });
    await expect(missing.preflight()).rejects.toThrow(/router\/image: ferry-e2e\/no-such-router:none is not on the Docker engine/);
    await router.preflight();
  });

  it('starts labelled, restarting by itself, with bounded logs, on its own network; with no release it answers 503', async () => {
    await router.ensureRunning();
    const info = (await engine.inspectRaw(router.name))!;
    expect(info.Config.Labels).toMatchObject({ 'ferry.app': APP, 'ferry.env': ENV, 'ferry.role': 'router' });
    expect(info.HostConfig.RestartPolicy).toEqual({ Name: 'unless-stopped', MaximumRetryCount: 0 });
    // set in the router's own network namespace, where nginx's connections to the apps start
    expect(info.HostConfig.Sysctls).toEqual({ 'net.ipv4.tcp_tw_reuse': '1' });
    expect(info.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } });
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([router.network]);
    expect(await get()).toEqual({ status: 503, colour: 'none', version: null });
    // the router is no colour: `status` and cleanup never see it among the environment's containers
    expect(await engine.list({ app: APP, env: ENV })).toEqual([]);
  });

  it('reaches colours by name on the network (no host port); previews the idle one; switches under traffic with no failed request', async () => {
    await engine.start(appSpec('blue', 'v1'));
    await engine.start(appSpec('green', 'v2'));
    const blue = (await engine.inspectRaw(appName('blue')))!;
    expect(blue.NetworkSettings.Ports).toEqual({ '3000/tcp': null }); // the image's EXPOSE, bound to no host port
    // the health gate's way in: the token header reaches a colour before any switch
    await waitFor(async () => (await get(await router.previewHeader('blue')))?.status === 200);
    await waitFor(async () => (await get(await router.previewHeader('green')))?.status === 200);
    expect(await get(await router.previewHeader('green'))).toMatchObject({ status: 200, colour: 'green', version: 'v2' });
    expect(await get({ 'x-ferry-preview': 'guess-green' })).toEqual({ status: 503, colour: 'none', version: null });

    await router.switchTo({ colour: 'blue', port: 3000, version: 'v1' });
    expect(await router.readActive()).toEqual({ colour: 'blue', port: 3000, version: 'v1' });
    const load = startLoad(`http://127.0.0.1:${port}/`, 50);
    await waitFor(async () => (await get())?.version === 'v1');
    // some of the load answered by v1 first: the switch itself takes a few milliseconds
    await waitFor(async () => load.sent() >= 10);
    const switched = await router.switchTo({ colour: 'green', port: 3000, version: 'v2' });
    expect(switched.previous).toEqual({ colour: 'blue', port: 3000, version: 'v1' });
    expect(switched.confirmedAt).toBeGreaterThanOrEqual(switched.appliedAt);
    await waitFor(async () => (await get())?.version === 'v2');
    // the flip takes a few milliseconds: let the load send some requests after it too
    const sentBySwitch = load.sent();
    await waitFor(async () => load.sent() >= sentBySwitch + 10);
    const result = await load.stop();
    expect(result.failures).toEqual([]);
    expect(result.sent).toBeGreaterThan(0);
    expect(result.versions.map((v) => v.version)).toContain('v1');
    // the last sent (completion order may end with a v1 request sent just before the flip)
    expect([...result.versions].sort((a, b) => a.sentAt - b.sentAt).at(-1)?.version).toBe('v2');
    // the switch flipped the live link: every request sent after it was confirmed went to v2
    expect(result.versions.filter((v) => v.sentAt > switched.confirmedAt).map((v) => v.version)).not.toContain('v1');
    expect(await engine.linkTarget(router.name, CONTAINER_LIVE_LINK)).toBe('/etc/nginx/ferry-colours/green');
    // and then kept the new colour's connections open (a reload after the proof); what a restart loads keeps it alone
    expect(await router.readUpstreamText()).toContain(kept('green'));
    expect(await router.readUpstreamText()).not.toContain(kept('blue'));
    expect((await router.waitForDrain({ timeoutMs: 10_000 })).drained).toBe(true);
  });

  it('the live link alone switches every next request, on the same workers: no reload', async () => {
    const workers = await router.workerPids();
    await engine.putFiles(router.name, liveEntries('blue'));
    expect(await get()).toMatchObject({ status: 200, colour: 'blue', version: 'v1' });
    await engine.putFiles(router.name, liveEntries('green'));
    expect(await get()).toMatchObject({ status: 200, colour: 'green', version: 'v2' });
    expect(await router.workerPids()).toEqual(workers);
  });

  it('between two colours nginx loaded, each the container it was: the link alone, on the same workers, connections kept open; a drain after it reloads first', async () => {
    await router.switchTo({ colour: 'blue', port: 3000, version: 'v1' });
    await router.switchTo({ colour: 'green', port: 3000, version: 'v2' }); // a reload while both run loaded a block for each
    const workers = await router.workerPids();
    const switched = await router.switchTo({ colour: 'blue', port: 3000, version: 'v1' });
    expect(switched.previous).toEqual({ colour: 'green', port: 3000, version: 'v2' });
    expect(await router.workerPids()).toEqual(workers);
    expect(await router.readActive()).toEqual({ colour: 'blue', port: 3000, version: 'v1' });
    expect(await router.readUpstreamText()).toContain(kept('blue')); // what a restart would load: the serving colour's block
    for (let i = 0; i < 10; i++) expect(await get()).toMatchObject({ status: 200, colour: 'blue', version: 'v1' });
    // the loaded block keeps connections to blue open after its requests (by name, each would be closed)
    const blueAt = (await docker.getContainer(appName('blue')).inspect()).NetworkSettings.Networks[router.network]!.IPAddress;
    expect(await establishedFromRouter(blueAt, 3000)).toBeGreaterThan(0);
    // blue's requests in flight are in these workers: a drain makes them old workers first, and waits for them
    const drain = await router.waitForDrain({ timeoutMs: 10_000 });
    expect(drain.drained).toBe(true);
    expect((await router.workerPids()).some((pid) => workers.includes(pid))).toBe(false);
    await router.switchTo({ colour: 'green', port: 3000, version: 'v2' });
  });

  it('a switch cut short after its flip (no reload yet) is finished by the next ensureRunning: the serving colour kept open', async () => {
    await engine.putFiles(router.name, liveEntries('blue')); // what a crash right after the flip leaves
    expect(await router.readActive()).toEqual({ colour: 'blue', port: 3000, version: 'v1' });
    expect(await router.readUpstreamText()).toContain(kept('green'));
    await router.ensureRunning();
    expect(await router.readUpstreamText()).toContain(kept('blue'));
    expect(await get()).toMatchObject({ status: 200, colour: 'blue', version: 'v1' });
    await router.switchTo({ colour: 'green', port: 3000, version: 'v2' });
    expect(await router.readUpstreamText()).toContain(kept('green'));
    expect(await get()).toMatchObject({ status: 200, colour: 'green', version: 'v2' });
  });

  it('a config nginx -t rejects is never loaded: the old one stays and keeps serving', async () => {
    const broken = new ContainerRouter(engine, { ...options, snippet: 'no_such_directive on;' });
    await expect(broken.ensureRunning()).rejects.toThrow(/nginx rejected the new router config.*no_such_directive/s);
    expect(await engine.readFile(router.name, '/etc/nginx/nginx.conf')).not.toContain('no_such_directive');
    expect(await get()).toMatchObject({ status: 200, colour: 'green' });
  });

  it('the idle colour stopped, then the router killed: it starts again serving the active colour (a restart loads only its block)', async () => {
    await router.switchTo({ colour: 'blue', port: 3000, version: 'v1' });
    await router.switchTo({ colour: 'green', port: 3000, version: 'v2' }); // loaded a block for each colour, both running
    await docker.getContainer(appName('blue')).stop({ t: 1 });
    const pid = (await router.mainPid())!;
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => (await router.mainPid()) !== pid && (await router.mainPid()) !== null);
    await waitFor(servesColour('green'));
    await docker.getContainer(appName('blue')).start();
    // restarted, it loaded the file: the note of what the old nginx loaded no longer counts, the next switch reloads
    const workers = await router.workerPids();
    await router.switchTo({ colour: 'blue', port: 3000, version: 'v1' });
    expect((await router.workerPids()).some((pid) => !workers.includes(pid))).toBe(true);
    expect(await get()).toMatchObject({ status: 200, colour: 'blue', version: 'v1' });
    await router.switchTo({ colour: 'green', port: 3000, version: 'v2' });
  });

  it("kill -9 of the router's main process: the engine brings it back serving the active colour, no ferry command", async () => {
    const pid = (await router.mainPid())!;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => (await router.mainPid()) !== pid && (await router.mainPid()) !== null);
    await waitFor(servesColour('green'));
    expect(await get()).toMatchObject({ status: 200, colour: 'green', version: 'v2' });
  });

  it('a router that starts before its active colour (engine restart) retries by its restart policy and serves it once it is up, by itself', async () => {
    await docker.getContainer(appName('green')).stop({ t: 1 });
    const since = Math.floor(Date.now() / 1000);
    await docker.getContainer(router.name).restart({ t: 1 });
    // the active colour's upstream block names a container that is not there: nginx refuses to load, the engine retries
    await waitFor(async () => (await routerLog(since)).includes(`host not found in upstream "${appName('green')}:3000"`));
    await docker.getContainer(appName('green')).start();
    await waitFor(servesColour('green'));
  });

  it("ensureRunning takes a router out of that retry loop: started without the missing colour's block, by name until it is back", async () => {
    await docker.getContainer(appName('green')).stop({ t: 1 });
    const since = Math.floor(Date.now() / 1000);
    await docker.getContainer(router.name).restart({ t: 1 });
    await waitFor(async () => (await routerLog(since)).includes('host not found in upstream'));
    await router.ensureRunning();
    expect(await router.readUpstreamText()).not.toMatch(/^upstream /m);
    // the engine may still be starting it after its restart loop: the first answer, not the first request, is the check
    await waitFor(async () => (await get()) !== null);
    expect(await get()).toMatchObject({ status: 502, colour: 'green' }); // running, routing to green by name, which is down
    await docker.getContainer(appName('green')).start();
    await waitFor(servesColour('green'));
    expect((await engine.inspectRaw(router.name))!.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    // the next switch keeps connections to green open again
    await router.switchTo({ colour: 'green', port: 3000, version: 'v2' });
    expect(await router.readUpstreamText()).toContain(kept('green'));
    expect(await get()).toMatchObject({ status: 200, colour: 'green' });
  });

  it("the active colour back at another address (restarted alone): requests still reach it with no ferry command, by name", async () => {
    expect(await router.readUpstreamText()).toContain(kept('green'));
    const ipOf = async (name: string) => (await docker.getContainer(name).inspect()).NetworkSettings.Networks[router.network]?.IPAddress;
    const oldIp = await ipOf(appName('green'));
    // green leaves the network; containers of ours (listening on another port) start until one has its address (the engine gives the lowest free)
    await docker.getNetwork(router.network).disconnect({ Container: appName('green') });
    let squatter = '';
    const squatters: string[] = [];
    for (let i = 0; i < 4 && !squatter; i++) {
      const name = appName(`squatter${i}`);
      squatters.push(name);
      await engine.start({ ...appSpec('blue', 'v1'), name, env: { PORT: '3001', FERRY_VERSION: 'squatter', FERRY_COLOUR: 'none' } });
      if ((await ipOf(name)) === oldIp) squatter = name;
    }
    expect(squatter).not.toBe('');
    await docker.getNetwork(router.network).connect({ Container: appName('green') });
    expect(await ipOf(appName('green'))).not.toBe(oldIp);

    // the address resolved at load refuses the connection: nginx's own 502, so again by name
    for (let i = 0; i < 5; i++) expect(await get()).toMatchObject({ status: 200, colour: 'green', version: 'v2' });
    // nothing answers at that address any more: the connect times out (nginx's own 504), so again by name
    await Promise.all(squatters.map((name) => removeContainer(name)));
    const slow = await get({}, 10_000);
    expect(slow).toMatchObject({ status: 200, colour: 'green', version: 'v2' });
    // the next switch resolves green's name again: connections kept open to where it is now
    await router.switchTo({ colour: 'green', port: 3000, version: 'v2' });
    expect(await get()).toMatchObject({ status: 200, colour: 'green', version: 'v2' });
  });

  it("an app's own 502 reaches the client as it is, and a request the app saw is never sent again by name", async () => {
    // blue is now an app that counts the requests to /boom (answered 502) and /drop (connection dropped unanswered)
    await removeContainer(appName('blue'));
    const counting =
      "let n=0;require('http').createServer((q,s)=>{if(q.url==='/drop'){n++;s.socket.destroy();return}if(q.url!=='/boom'){s.end('ok');return}s.writeHead(502);s.end('hits='+(++n))}).listen(3000)";
    const blue = await docker.createContainer({ name: appName('blue'), Image: BASE_IMAGE, Cmd: ['node', '-e', counting], Labels: { 'ferry.app': APP, 'ferry.env': ENV }, HostConfig: { NetworkMode: router.network } });
    await blue.start();
    await router.switchTo({ colour: 'blue', port: 3000, version: 'counting' });
    expect(await router.readUpstreamText()).toContain(kept('blue'));
    expect(await getBody('/boom')).toEqual({ status: 502, body: 'hits=1' });
    expect(await getBody('/boom')).toEqual({ status: 502, body: 'hits=2' });
    // nginx's own 502 after the app saw a POST: not sent again (nginx itself retries only what is safe to)
    expect((await getBody('/drop', 'POST')).status).toBe(502);
    expect(await getBody('/boom')).toEqual({ status: 502, body: 'hits=4' });
    await router.switchTo({ colour: 'green', port: 3000, version: 'v2' });
    await removeContainer(appName('blue'));
    await engine.start(appSpec('blue', 'v1'));
  });

  it('ensureRunning on a changed published address replaces the container and keeps the active colour', async () => {
    const newPort = await freePort();
    const moved = new ContainerRouter(engine, { ...options, listen: { host: '127.0.0.1', port: newPort }, probeAt: { host: '127.0.0.1', port: newPort } });
    await moved.ensureRunning();
    expect(await moved.readActive()).toEqual({ colour: 'green', port: 3000, version: 'v2' });
    expect(await moved.probe()).toMatchObject({ colour: 'green', status: 200 });
    await router.ensureRunning(); // back where the other tests expect it
    expect(await router.probe()).toMatchObject({ colour: 'green', status: 200 });
  });

  it('remove stops it gracefully and deletes the container and the network', async () => {
    expect(await router.remove()).toEqual([`container ${router.name}`, `network ${router.network}`]);
    expect(await engine.inspectRaw(router.name)).toBeNull();
    expect(await engine.networkExists(router.network)).toBe(false);
    expect(await router.remove()).toEqual([]);
  });
});
