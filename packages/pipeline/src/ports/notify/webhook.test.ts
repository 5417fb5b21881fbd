import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { scrubUrl, sendWebhook } from './webhook.js';

const SECRET_PATH = '/services/T000/B000/s3cr3t-token';
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real HTTP server on loopback; returns the webhook URL that reaches it. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${SECRET_PATH}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A loopback port nothing listens on: bind it, then let it go. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}${SECRET_PATH}`;
}

function expectNoUrl(error: string | undefined, url: string) {
  const { host, origin } = new URL(url);
  expect(error).toBeTruthy();
  for (const part of [url, origin, host, SECRET_PATH, 's3cr3t-token']) expect(error).not.toContain(part);
}

describe('sendWebhook against a real local server', () => {
  it('POSTs the payload as JSON and reports the 2xx status', async () => {
    const received: { method?: string; path?: string; type?: string; body?: unknown }[] = [];
    const url = await serve(async (req, res) => {
      received.push({ method: req.method, path: req.url, type: req.headers['content-type'], body: JSON.parse(await readBody(req)) });
      res.end('ok');
    });
    const payload = { text: 'Ferry: deploy v2 to staging succeeded in 12.3 s', blocks: [{ type: 'header' }] };
    expect(await sendWebhook(url, payload)).toEqual({ ok: true, status: 200 });
    expect(received).toEqual([{ method: 'POST', path: SECRET_PATH, type: 'application/json', body: payload }]);
  });

  it('reports a 500 as not ok with its status and a short body excerpt', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 500;
      res.end(`invalid_payload for ${SECRET_PATH}`);
    });
    const result = await sendWebhook(url, { text: 'x' });
    expect(result).toEqual({ ok: false, status: 500, error: 'HTTP 500: invalid_payload for [webhook]' });
  });

  it('does not throw on a closed port, and the error never names the URL', async () => {
    const url = await closedPortUrl();
    const result = await sendWebhook(url, { text: 'x' });
    expect(result.ok).toBe(false);
    expect(result.status).toBeUndefined();
    expect(result.error).toContain('ECONNREFUSED');
    expectNoUrl(result.error, url);
  });

  it('gives up on a server that never answers once its timeout passes, not before', async () => {
    const url = await serve(() => {
      /* hold the request open: never answer */
    });
    // Timers fire in deadline order however loaded the machine is: this one is due before the webhook's.
    let halfway = false;
    setTimeout(() => (halfway = true), 100);
    const result = await sendWebhook(url, { text: 'x' }, { timeoutMs: 200 });
    expect(result).toEqual({ ok: false, error: 'no answer within 200 ms' });
    expect(halfway).toBe(true);
  });

  it('stops when the caller cancels', async () => {
    const url = await serve(() => {
      /* never answer */
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await sendWebhook(url, { text: 'x' }, { signal: controller.signal, timeoutMs: 5000 })).toEqual({ ok: false, error: 'cancelled' });
  });

  it('rejects a malformed URL without echoing it', async () => {
    expect(await sendWebhook('not a url s3cr3t-token', { text: 'x' })).toEqual({ ok: false, error: 'webhook URL is not a valid URL' });
  });

  it('does not throw on a payload that cannot be serialised', async () => {
    const url = await closedPortUrl();
    const result = await sendWebhook(url, { big: 1n });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/BigInt/);
  });
});

describe('scrubUrl', () => {
  it('removes the URL, its origin, host and secret path from a message', () => {
    const url = 'https://hooks.example.test:8443/services/T0/B0/tok?x=1';
    expect(scrubUrl(`POST ${url} failed`, url)).toBe('POST [webhook] failed');
    expect(scrubUrl('connect ECONNREFUSED hooks.example.test:8443', url)).toBe('connect ECONNREFUSED [webhook]');
    expect(scrubUrl('getaddrinfo ENOTFOUND hooks.example.test', url)).toBe('getaddrinfo ENOTFOUND [webhook]');
    expect(scrubUrl('bad path /services/T0/B0/tok', url)).toBe('bad path [webhook]');
  });

  it('handles IPv6 hosts, which errors print without brackets', () => {
    expect(scrubUrl('connect ECONNREFUSED ::1:9', 'http://[::1]:9/hook')).toBe('connect ECONNREFUSED [webhook]:9');
  });
});
