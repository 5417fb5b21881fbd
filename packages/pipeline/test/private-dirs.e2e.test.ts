import { readdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dockerode from 'dockerode';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';

const json = (stdout: string) => JSON.parse(stdout);
const ONE_MIB = 1024 * 1024; // nginx's default client_max_body_size: the largest body it accepts

/** A body far above client_body_buffer_size, so nginx writes it to a temp file before proxying it. */
async function postLarge(url: string): Promise<{ status: number; colour: string | null; body: string }> {
  const res = await fetch(url, { method: 'POST', body: Buffer.alloc(ONE_MIB, 'x'), signal: AbortSignal.timeout(15_000) });
  return { status: res.status, colour: res.headers.get('x-ferry-colour'), body: await res.text() };
}

// Root's home on Debian is mode 700: a checkout and state dir there must work without any chmod.
describe('checkout and state dir under a mode-700 directory', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await makeEnvironment();
  });
  afterAll(async () => env.cleanup());

  it('the whole test root (environments and state dir) is private', async () => {
    expect((await stat(env.root)).mode & 0o777).toBe(0o700);
  });

  it('deploys v1 then v2, and a 1 MiB POST through the router reaches the app each time', async () => {
    const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(first.code, first.stderr).toBe(0);
    expect(json(first.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' } });
    // the demo app answers any POST to / with its own 404: proof nginx buffered and proxied the body
    expect(await postLarge(`${env.routerUrl}/`)).toEqual({ status: 404, colour: 'blue', body: '{"error":"not found"}' });

    const second = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(second.code, second.stderr).toBe(0);
    expect(json(second.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'green', version: 'v2' } });
    expect(await postLarge(`${env.routerUrl}/`)).toEqual({ status: 404, colour: 'green', body: '{"error":"not found"}' });
    expect(await (await fetch(`${env.routerUrl}/version`)).json()).toEqual({ version: 'v2' });
  });
});

describe('a router precondition Ferry cannot meet', () => {
  let env: TestEnvironment;
  let squatter: Server;
  beforeAll(async () => {
    env = await makeEnvironment();
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(env.listen, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => squatter.close(resolve));
    await env.cleanup();
  });

  it('the listen port held by another process: exit 2 naming router/listen, before any container starts', async () => {
    const run = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(run.code, run.stderr).toBe(2);
    expect(json(run.stdout)).toMatchObject({ outcome: 'rejected' });
    expect(json(run.stdout).message).toBe(
      `router/listen: 127.0.0.1:${env.listen} is already in use by another process; free port ${env.listen} or set router/listen to a free port Nothing was changed.`,
    );
    const docker = new Dockerode();
    expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`] } })).toEqual([]);
    expect(await readdir(env.stateDir).catch(() => [])).toEqual([]); // no router files, no ledger, lock released
  });
});
