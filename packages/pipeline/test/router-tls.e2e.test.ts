import { readFile, writeFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import Dockerode from 'dockerode';
import tarStream from 'tar-stream';
import { run } from '@ferry/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { freePort, HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { startLoad } from './support/load.js';
import { waitFor } from './support/wait.js';

// router.tls with the router container: a self-signed certificate of the test's own (SAN 127.0.0.1),
// HTTPS with HTTP/2 on router.listen, router.http_listen redirecting, a mismatched key refused.

const docker = new Dockerode();
const json = (stdout: string) => JSON.parse(stdout);

async function selfSigned(dir: string, name: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  const made = await run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { timeoutMs: 60_000 });
  expect(made.code, made.stderr).toBe(0);
  return { cert, key };
}

/** The permission bits of one file in a container, from the engine's archive of it. */
async function modeInContainer(container: string, file: string): Promise<number | null> {
  const extract = tarStream.extract();
  (await docker.getContainer(container).getArchive({ path: file })).pipe(extract);
  let mode: number | null = null;
  for await (const entry of extract) {
    mode ??= (entry.header.mode ?? 0) & 0o777;
    entry.resume();
  }
  return mode;
}

/** One GET; status, headers and the negotiated protocol (over HTTPS, verified against `ca`). */
function get(url: string, ca?: string): Promise<{ status: number; headers: Record<string, unknown> } | null> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 3000, ...(ca && { ca }) }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** The fingerprint of the certificate the router presents now. */
function servedFingerprint(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerX509Certificate()?.fingerprint256 ?? null;
      socket.end();
      resolve(fingerprint);
    });
    socket.on('error', () => resolve(null));
  });
}

/** The version served over HTTP/2 (ALPN h2, certificate verified against `ca`), or null. */
function http2Version(origin: string, ca: string): Promise<{ alpn: string | false; version: string | null } | null> {
  return new Promise((resolve) => {
    const session = connect(origin, { ca });
    session.on('error', () => resolve(null));
    const req = session.request({ ':path': '/' });
    let version: string | null = null;
    req.on('response', (headers) => (version = headers[':status'] === 200 ? String(headers['x-app-version']) : null));
    req.resume();
    req.on('end', () => {
      const alpn = session.alpnProtocol ?? false;
      session.close();
      resolve({ alpn, version });
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

describe('router.tls: HTTPS with HTTP/2 on the router container', () => {
  let env: TestEnvironment;
  let file: string;
  let ca: string;
  let httpPort: number;
  let httpsUrl: string;

  beforeAll(async () => {
    env = await makeEnvironment();
    file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const { cert, key } = await selfSigned(env.root, 'router');
    ca = await readFile(cert, 'utf8');
    httpPort = await freePort();
    httpsUrl = `https://127.0.0.1:${env.listen}`;
    // a deadline far away: the gate ends on the colour's health, not the machine's speed (a CI run with a CPU hog beside it missed 20 s)
    const yaml = (await readFile(file, 'utf8')).replace('deploy_timeout: 20s', 'deploy_timeout: 10m');
    await writeFile(
      file,
      yaml.replace(
        HOST_ROUTER,
        `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n  tls:\n    certificate_file: ${cert}\n    key_file: ${key}\n  http_listen: 127.0.0.1:${httpPort}\n  redirect_http: true\n`,
      ),
    );
  });

  afterAll(async () => {
    await env.cleanup();
    await docker.getNetwork(`ferry-${env.app}-${env.env}`).remove().catch(() => undefined);
  });

  it('deploys v1 then v2 over HTTPS under continuous load with zero failed requests; HTTP/2 by ALPN', async () => {
    const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(first.code, first.stderr).toBe(0);
    expect(json(first.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' } });

    const load = startLoad(`${httpsUrl}/`, 50, 120_000, { ca });
    const second = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(second.code, second.stderr).toBe(0); // before waiting for v2: a failed deploy says why
    await waitFor(async () => (await http2Version(httpsUrl, ca))?.version === 'v2');
    const seen = await load.stop();

    expect(json(second.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'green', version: 'v2' } });
    expect(seen.failures).toEqual([]);
    expect(seen.sent).toBeGreaterThan(0);
    expect(seen.versions.some((v) => v.version === 'v1')).toBe(true);
    expect(seen.versions.some((v) => v.version === 'v2')).toBe(true);
    expect(await http2Version(httpsUrl, ca)).toEqual({ alpn: 'h2', version: 'v2' });
    // plain HTTP on the HTTPS port is not served as HTTP
    expect((await get(`http://127.0.0.1:${env.listen}/`))?.status).not.toBe(200);
  });

  it('the key is in the router container with mode 0600 and nowhere under the state dir', async () => {
    const router = `${env.app}-${env.env}-router`;
    expect(await modeInContainer(router, '/etc/nginx/ferry-tls/key.pem')).toBe(0o600);
    expect(await modeInContainer(router, '/etc/nginx/ferry-tls/certificate.pem')).toBe(0o600);
    const key = (await readFile(path.join(env.root, 'router.key'), 'utf8')).split('\n')[1]!;
    const grep = await run(['grep', '-rlF', key, env.stateDir], { timeoutMs: 60_000 });
    expect(grep.code, grep.stdout).toBe(1); // 1: no file holds it
  });

  it('config check runs nginx -t with the certificate and key in a throwaway container', async () => {
    const check = await ferry(env.args('config', 'check'));
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout + check.stderr).toContain(`nginx -t: ok (in a throwaway container of ${ROUTER_IMAGE})`);
  });

  it('http_listen with redirect_http answers 308 to the same host and path over HTTPS', async () => {
    const answer = await get(`http://127.0.0.1:${httpPort}/some/path?q=1`);
    expect(answer?.status).toBe(308);
    expect(answer?.headers.location).toBe(`https://127.0.0.1:${env.listen}/some/path?q=1`);
  });

  it('a key that does not match the certificate is exit 2 naming router/tls, nothing changed', async () => {
    const other = await selfSigned(env.root, 'other');
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/key_file: .*\n/, `key_file: ${other.key}\n`));
    const router = docker.getContainer(`${env.app}-${env.env}-router`);
    const before = await router.inspect();
    const refused = await ferry(env.args('deploy', '--tag', 'v1'));
    await writeFile(file, yaml);
    const after = await router.inspect();
    expect({ id: after.Id, started: after.State.StartedAt, restarts: after.RestartCount }).toEqual({ id: before.Id, started: before.State.StartedAt, restarts: before.RestartCount });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/router\/tls: the key does not match the certificate/);
    expect((await http2Version(httpsUrl, ca))?.version).toBe('v2');
  });

  it('certificate_env and key_env: a rollback over HTTPS with the PEM from variables, never printed', async () => {
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/    certificate_file: .*\n    key_file: .*\n/, '    certificate_env: E2E_TLS_CERT\n    key_env: E2E_TLS_KEY\n'));
    const key = await readFile(path.join(env.root, 'router.key'), 'utf8');
    const rollback = await ferry(env.args('rollback', '--yes', '--json'), { E2E_TLS_CERT: ca, E2E_TLS_KEY: key });
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(json(rollback.stdout)).toMatchObject({ to: { version: 'v1' } });
    expect((await http2Version(httpsUrl, ca))?.version).toBe('v1');
    expect(`${rollback.stdout}${rollback.stderr}`).not.toContain(key.split('\n')[1]!);
  });

  it('a renewed certificate goes in at the next deploy: reloaded gracefully, no request lost', async () => {
    const renewed = await selfSigned(env.root, 'renewed');
    const renewedPem = await readFile(renewed.cert, 'utf8');
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/    certificate_env: .*\n    key_env: .*\n/, `    certificate_file: ${renewed.cert}\n    key_file: ${renewed.key}\n`));
    expect(await servedFingerprint(env.listen)).toBe(new X509Certificate(ca).fingerprint256);
    const load = startLoad(`${httpsUrl}/`, 50, 120_000, { ca: [ca, renewedPem].join('\n') });
    const deploy = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    const seen = await load.stop();
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(await servedFingerprint(env.listen)).toBe(new X509Certificate(renewedPem).fingerprint256);
    expect((await http2Version(httpsUrl, renewedPem))?.version).toBe('v2');
    expect(seen.failures).toEqual([]);
    expect(seen.sent).toBeGreaterThan(0);
  });

  it('a pair nginx refuses (RSA-512: ferry\'s checks pass it, OpenSSL says "ee key too small") fails the deploy and goes back out of the container: after a restart the router serves the previous certificate', async () => {
    const renewedPem = await readFile(path.join(env.root, 'renewed.crt'), 'utf8');
    const weak = { cert: path.join(env.root, 'weak.crt'), key: path.join(env.root, 'weak.key') };
    const made = await run(['openssl', 'req', '-x509', '-newkey', 'rsa:512', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-keyout', weak.key, '-out', weak.cert], { timeoutMs: 60_000 });
    expect(made.code, made.stderr).toBe(0);
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/    certificate_file: .*\n    key_file: .*\n/, `    certificate_file: ${weak.cert}\n    key_file: ${weak.key}\n`));
    const check = await ferry(env.args('config', 'check'));
    expect(check.code, check.stderr).toBe(2);
    expect(check.stderr).toMatch(/router\/snippet and router\/tls: nginx rejected the config ferry would put into the router container \(nginx -t in a throwaway container of \S+ exited 1\): .*key too small/);
    const active = json((await ferry(env.args('status', '--json'))).stdout).active.version as string;
    const refused = await ferry(env.args('deploy', '--tag', active === 'v1' ? 'v2' : 'v1'));
    await writeFile(file, yaml);
    expect(refused.code, refused.stderr).not.toBe(0);
    expect(refused.stderr).toContain('nginx rejected the new router config');
    expect((await http2Version(httpsUrl, renewedPem))?.version).toBe(active);
    // the container's next start loads what is in it: the previous pair, not the refused one
    await docker.getContainer(`${env.app}-${env.env}-router`).restart({ t: 5 });
    await waitFor(async () => (await servedFingerprint(env.listen)) !== null);
    expect(await servedFingerprint(env.listen)).toBe(new X509Certificate(renewedPem).fingerprint256);
    expect((await http2Version(httpsUrl, renewedPem))?.version).toBe(active);
  });
});
