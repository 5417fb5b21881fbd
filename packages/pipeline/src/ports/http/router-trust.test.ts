import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, request, setGlobalDispatcher } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { probeHttp } from './probe.js';
import { routerTrust, trustRouterForHttp } from './router-trust.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-trust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function certificate(name: string, san: string): string {
  const out = path.join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`, '-keyout', path.join(dir, `${name}.key`), '-out', out], { stdio: 'ignore' });
  return readFileSync(out, 'utf8');
}

describe('routerTrust: what ferry verifies the router against', () => {
  it('a certificate for the probed address: checked for that address, the configured certificate trusted beside the system roots', () => {
    const pem = certificate('loopback', 'IP:127.0.0.1');
    const trust = routerTrust(pem, '127.0.0.1');
    expect(trust.servername).toBeUndefined();
    expect(trust.ca.at(-1)).toBe(pem);
    expect(trust.ca.length).toBeGreaterThan(1);
  });

  it("a certificate for a name, probed on loopback: SNI and the identity check use the certificate's name, a different name fails", () => {
    const pem = certificate('example', 'DNS:shop.example.com');
    const trust = routerTrust(pem, '127.0.0.1');
    expect(trust.servername).toBe('shop.example.com');
    const peer = { subject: { CN: 'example' }, subjectaltname: 'DNS:shop.example.com' } as never;
    expect(trust.checkServerIdentity('127.0.0.1', peer)).toBeUndefined();
    const stranger = { subject: { CN: 'other' }, subjectaltname: 'DNS:other.example.org' } as never;
    expect(trust.checkServerIdentity('127.0.0.1', stranger)).toBeInstanceOf(Error);
  });
});

async function serve(cert: string, key: string): Promise<Server> {
  const server = createServer({ cert, key }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('trustRouterForHttp: ferry\'s own probes (node:https) and the process-wide undici dispatcher (verify suites)', () => {
  it("verifies the router's address against the configured certificate and leaves every other address on Node's defaults", async () => {
    const pem = certificate('router', 'IP:127.0.0.1');
    const key = readFileSync(path.join(dir, 'router.key'), 'utf8');
    const [router, elsewhere] = [await serve(pem, key), await serve(pem, key)];
    const url = (server: Server) => `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      expect((await probeHttp(url(router), 5000)).ok).toBe(false); // self-signed: refused before ferry trusts it
      await trustRouterForHttp(routerTrust(pem, '127.0.0.1'), { host: '127.0.0.1', port: (router.address() as AddressInfo).port });
      expect((await probeHttp(url(router), 5000)).ok).toBe(true);
      expect((await request(url(router))).statusCode).toBe(200);
      await expect(request(url(elsewhere))).rejects.toThrow(/self[- ]signed/i);
      const other = await probeHttp(url(elsewhere), 5000);
      expect(other.ok).toBe(false);
      expect(other.error).toMatch(/self[- ]signed/i);
    } finally {
      setGlobalDispatcher(new Agent());
      router.close();
      elsewhere.close();
    }
  });
});
