import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOnce, getOptions } from './get-once.js';

describe('getOnce: one GET on a fresh connection', () => {
  let server: Server;
  const seen: { connection?: string; preview?: string }[] = [];
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ connection: req.headers.connection, preview: req.headers['x-ferry-preview'] as string | undefined });
      res.setHeader('x-ferry-colour', 'green');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => server.close());

  it('is described without an agent (no keep-alive), with connection: close and no TLS options off the router', () => {
    const signal = new AbortController().signal;
    expect(getOptions(new URL('http://127.0.0.1:8080/health'), { 'x-ferry-preview': 't-blue' }, signal)).toEqual({
      method: 'GET',
      agent: false,
      headers: { 'x-ferry-preview': 't-blue', connection: 'close' },
      signal,
    });
  });

  it('answers status, flat headers and (when asked) the body, for any status', async () => {
    expect(await getOnce(`${base()}/`, { headers: { 'x-ferry-preview': 'tok-green' }, body: true })).toMatchObject({
      status: 200,
      body: 'hello',
      headers: { 'x-ferry-colour': 'green', 'set-cookie': 'a=1, b=2' },
    });
    expect(await getOnce(`${base()}/missing`)).toMatchObject({ status: 404, body: '' });
    expect(seen.slice(0, 2)).toEqual([{ connection: 'close', preview: 'tok-green' }, { connection: 'close', preview: undefined }]);
  });

  it('rejects when nothing answers or the signal aborts', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await expect(getOnce(`http://127.0.0.1:${port}/`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(getOnce(`${base()}/`, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
  });
});
