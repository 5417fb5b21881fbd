// A real registry (Debian's docker-registry) for the e2e tests, storage in a temp dir. Plain HTTP on
// loopback for one engine; for a second engine, TLS on an address it can reach, with a self-signed
// certificate (subjectAltName = that IP) placed where every engine on the machine trusts it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { run } from '@ferry/shared';
import { freePort } from './environment.js';

export interface TestRegistry {
  url: string; // host:port, as image.registry.url takes it
  stop: () => Promise<void>;
}

const CERTS_D = '/etc/docker/certs.d';

/** `tls.ip`: serve HTTPS on that address; the engines read /etc/docker/certs.d/<ip>:<port>/ca.crt per request. */
export async function startRegistry(opts: { tls?: { ip: string } } = {}): Promise<TestRegistry> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-registry-'));
  const host = opts.tls?.ip ?? '127.0.0.1';
  const url = `${host}:${port}`;
  const trustDir = path.join(CERTS_D, url);
  const cert = opts.tls ? await selfSignedCertificate(dir, host) : null;
  const tlsConfig = cert ? `  tls:\n    certificate: ${cert.certFile}\n    key: ${cert.keyFile}\n` : '';
  const config = path.join(dir, 'config.yml');
  await writeFile(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: ${url}\n${tlsConfig}`);
  if (cert) {
    await mkdir(trustDir, { recursive: true });
    await writeFile(path.join(trustDir, 'ca.crt'), cert.pem);
  }
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const stop = async () => {
    await stopChild(child);
    if (cert) await rm(trustDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 150; i++) {
    if (await answers(url, cert?.pem)) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`docker-registry did not start on ${url}`);
}

async function selfSignedCertificate(dir: string, ip: string): Promise<{ certFile: string; keyFile: string; pem: string }> {
  const certFile = path.join(dir, 'registry.crt');
  const keyFile = path.join(dir, 'registry.key');
  const argv = ['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${ip}`, '-addext', `subjectAltName=IP:${ip}`, '-keyout', keyFile, '-out', certFile];
  const made = await run(argv, { timeoutMs: 60_000 });
  if (made.code !== 0) throw new Error(`openssl could not make the registry's certificate: ${made.stderr}`);
  return { certFile, keyFile, pem: await readFile(certFile, 'utf8') };
}

/** GET /v2/ answers 200, over HTTPS trusting only `ca` when given. */
function answers(url: string, ca: string | undefined): Promise<boolean> {
  if (!ca) return fetch(`http://${url}/v2/`).then((r) => r.ok, () => false);
  return new Promise((resolve) => {
    const request = https.get(`https://${url}/v2/`, { ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
