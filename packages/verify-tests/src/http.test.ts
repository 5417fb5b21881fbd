import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, http, sendWithEveryRequest } from './http.js';

// A real server on loopback: what the suites' requests carry.
let seen: IncomingHttpHeaders[] = [];
const server = createServer((req, res) => (seen.push(req.headers), res.end('{}')));
let base: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the headers every request carries (ferry validate --preview)', () => {
  it('none by default; once set, on every GET and POST, beside the JSON content type', async () => {
    seen = [];
    await get(base, '/health');
    expect(seen[0]!['x-ferry-preview']).toBeUndefined();
    sendWithEveryRequest({ 'x-ferry-preview': 'abc-green' });
    await get(base, '/health');
    await http(base, 'POST', '/marker', { body: 'm' });
    expect(seen[1]!['x-ferry-preview']).toBe('abc-green');
    expect(seen[2]).toMatchObject({ 'x-ferry-preview': 'abc-green', 'content-type': 'application/json' });
    sendWithEveryRequest({});
    await get(base, '/health');
    expect(seen[3]!['x-ferry-preview']).toBeUndefined();
  });
});
