import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const serverJs = fileURLToPath(new URL('../src/server.js', import.meta.url));

async function freePort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

interface Running {
  child: ChildProcess;
  base: string;
  lines: () => Record<string, unknown>[];
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function startServer(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverJs], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8');
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start; stdout: ${out}`)), 5000);
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('"event":"start"')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await started;
  const lines = () =>
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, base: `http://127.0.0.1:${port}`, lines };
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('demo-app server', () => {
  it('answers every route with JSON and X-App-Version', async () => {
    const { base } = await startServer({ FERRY_VERSION: 'v7', FERRY_COLOUR: 'green', GREETING: 'ahoy' });

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-app-version')).toBe('v7');
    expect(await health.json()).toEqual({ status: 'ok', version: 'v7' });

    const version = await fetch(`${base}/version`);
    expect([version.status, await version.json()]).toEqual([200, { version: 'v7' }]);

    const root = await fetch(`${base}/`);
    expect(root.headers.get('x-app-version')).toBe('v7');
    expect([root.status, await root.json()]).toEqual([200, { app: 'demo', version: 'v7', colour: 'green', greeting: 'ahoy' }]);

    const missing = await fetch(`${base}/nope`);
    expect(missing.headers.get('x-app-version')).toBe('v7');
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'not found' }]);
  });

  it('/metrics serves Prometheus text counting what was served, unknown paths folded into "other"', async () => {
    const { base } = await startServer({ FERRY_VERSION: 'v7' });
    await fetch(`${base}/health`);
    await fetch(`${base}/health`);
    await fetch(`${base}/scanner-probe-1`);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = (await metrics.text()).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '# HELP demo_http_requests_total Requests served, by path and status.',
      '# TYPE demo_http_requests_total counter',
      'demo_http_requests_total{path="/health",status="200"} 2',
      'demo_http_requests_total{path="other",status="404"} 1',
      '# HELP demo_build_info The running version.',
    ]);
    expect(lines).toContain('demo_build_info{version="v7"} 1');
    expect(lines.find((l) => l.startsWith('demo_uptime_seconds '))).toMatch(/^demo_uptime_seconds \d+\.\d{3}$/);
  });

  it('prefers APP_VERSION, defaults to "dev" and greeting "hello"', async () => {
    const preferred = await startServer({ APP_VERSION: 'app-1', FERRY_VERSION: 'ferry-1' });
    expect(await (await fetch(`${preferred.base}/version`)).json()).toEqual({ version: 'app-1' });

    const bare = await startServer({});
    expect(await (await fetch(`${bare.base}/`)).json()).toEqual({ app: 'demo', version: 'dev', colour: null, greeting: 'hello' });
  });

  it('DEMO_FAULT=unhealthy fails /health, error500 fails /, error5 fails 5 % of /, version-lie lies', async () => {
    const unhealthy = await startServer({ DEMO_FAULT: 'unhealthy', FERRY_VERSION: 'v2' });
    expect((await fetch(`${unhealthy.base}/health`)).status).toBe(500);

    const error500 = await startServer({ DEMO_FAULT: 'error500' });
    expect((await fetch(`${error500.base}/`)).status).toBe(500);
    expect((await fetch(`${error500.base}/health`)).status).toBe(200);

    const error5 = await startServer({ DEMO_FAULT: 'error5' });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fetch(`${error5.base}/`)).status);
    expect(statuses.filter((status) => status === 500)).toHaveLength(2); // every 20th: 5 %
    expect((await fetch(`${error5.base}/health`)).status).toBe(200);

    const liar = await startServer({ DEMO_FAULT: 'version-lie', FERRY_VERSION: 'v3' });
    expect(await (await fetch(`${liar.base}/version`)).json()).toEqual({ version: 'v0-lie' });
  });

  it('DEMO_FAULT=crash exits 1 shortly after starting', async () => {
    const { child } = await startServer({ DEMO_FAULT: 'crash' });
    expect(await exitOf(child)).toBe(1);
  });

  it('SIGTERM lets an in-flight slow request finish, then exits 0 and logs the shutdown', async () => {
    const { child, base, lines } = await startServer({ DEMO_FAULT: 'slow', FERRY_VERSION: 'v9' });
    const startedAt = Date.now();
    const inFlight = fetch(`${base}/version`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');

    const response = await inFlight;
    expect([response.status, await response.json()]).toEqual([200, { version: 'v9' }]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(800);
    expect(await exitOf(child)).toBe(0);
    expect(lines().map((line) => [line.event, line.signal])).toEqual([
      ['start', undefined],
      ['shutdown', 'SIGTERM'],
    ]);
  });
});
