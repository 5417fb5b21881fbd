// A throwaway certificate authority and the certificates it issues, made with openssl, for TLS tests.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run } from '@ferry/shared';

export interface Issued {
  cert: string; // PEM file paths
  key: string;
}

async function openssl(args: string[]): Promise<void> {
  const result = await run(['openssl', ...args], { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr.trim()}`);
}

/** A CA in `dir` (ca.pem, ca-key.pem), valid for a day. */
export async function makeCertificateAuthority(dir: string): Promise<Issued> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = { cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca-key.pem') };
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=ferry-test-ca', '-keyout', ca.key, '-out', ca.cert]);
  return ca;
}

/** A certificate signed by `ca`: a server's (subjectAltName = its IP) or a client's. */
export async function issueCertificate(ca: Issued, dir: string, name: string, use: { server: string } | 'client'): Promise<Issued> {
  const issued = { cert: path.join(dir, `${name}-cert.pem`), key: path.join(dir, `${name}-key.pem`) };
  const csr = path.join(dir, `${name}.csr`);
  const extensions = path.join(dir, `${name}.ext`);
  await writeFile(extensions, use === 'client' ? 'extendedKeyUsage=clientAuth\n' : `subjectAltName=IP:${use.server}\nextendedKeyUsage=serverAuth\n`);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${use === 'client' ? 'ferry-test-client' : use.server}`, '-keyout', issued.key, '-out', csr]);
  await openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '1', '-extfile', extensions, '-out', issued.cert]);
  return issued;
}
