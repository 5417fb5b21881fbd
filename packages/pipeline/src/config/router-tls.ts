// router/tls: where the certificate and key come from, and the checks that refuse them before
// anything changes (unreadable, not PEM, a key of another certificate, outside its validity).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Issue } from './issues.js';
import type { EnvironmentFile } from './schema.js';
import type { RouterTls } from './types.js';

type TlsFile = NonNullable<EnvironmentFile['router']['tls']>;
const AT = ['router', 'tls'] as const;
const FORMS_HINT = 'set certificate_file and key_file (PEM files on this machine), or certificate_env and key_env (names of variables holding PEM)';

export interface TlsMaterial {
  certificate: string; // PEM, may carry the chain after the leaf
  key: string; // PEM: a secret, only ever written into the router container
}

/** Absolute paths, or the variables' names; the schema and tlsShapeIssues have made sure one whole form is given. */
export function normaliseTls(tls: TlsFile, dir: string): RouterTls {
  return tls.certificate_file !== undefined
    ? { certificateFile: path.resolve(dir, tls.certificate_file), keyFile: path.resolve(dir, tls.key_file!) }
    : { certificateEnv: tls.certificate_env!, keyEnv: tls.key_env! };
}

/** Names of the variables holding the router's PEM (secrets: masked in every output). */
export function tlsVariableNames(tls: RouterTls | undefined): string[] {
  return tls && 'keyEnv' in tls ? [tls.certificateEnv, tls.keyEnv] : [];
}

/** Keys that go together: one whole form of tls, the container runtime, http_listen only beside tls. */
export function tlsShapeIssues(router: EnvironmentFile['router']): Issue[] {
  const { tls } = router;
  if (!tls) {
    if (router.http_listen) return [{ path: ['router', 'http_listen'], message: 'needs router/tls (plain HTTP is what router/listen serves without it)', hint: 'add router/tls or remove http_listen' }];
    if (router.redirect_http) return [{ path: ['router', 'redirect_http'], message: 'needs router/tls and router/http_listen', hint: 'add them or remove redirect_http' }];
    return [];
  }
  const files = tls.certificate_file !== undefined || tls.key_file !== undefined;
  const vars = tls.certificate_env !== undefined || tls.key_env !== undefined;
  const issues: Issue[] = [];
  if (files === vars) issues.push({ path: AT, message: files ? 'mixes files and variables' : 'names no certificate', hint: FORMS_HINT });
  else if (files && (tls.certificate_file === undefined || tls.key_file === undefined)) issues.push({ path: AT, message: 'certificate_file and key_file go together', hint: FORMS_HINT });
  else if (vars && (tls.certificate_env === undefined || tls.key_env === undefined)) issues.push({ path: AT, message: 'certificate_env and key_env go together', hint: FORMS_HINT });
  if (router.runtime !== 'container') {
    issues.push({ path: AT, message: 'needs router/runtime: container (the host nginx router serves plain HTTP only)', hint: 'set router/runtime: container, or remove router/tls' });
  }
  if (router.redirect_http && !router.http_listen) issues.push({ path: ['router', 'redirect_http'], message: 'needs router/http_listen', hint: 'add http_listen: 0.0.0.0:80 or remove redirect_http' });
  if (router.http_listen && router.http_listen.port === router.listen.port) {
    issues.push({ path: ['router', 'http_listen'], message: `port ${router.http_listen.port} is also router/listen`, hint: 'plain HTTP needs a port of its own, e.g. 80 beside 443' });
  }
  return issues;
}

/** The PEM, from the files or the variables; throws a message naming the source when one cannot be read. */
export async function readTlsMaterial(tls: RouterTls, processEnv: NodeJS.ProcessEnv): Promise<TlsMaterial> {
  if ('certificateFile' in tls) {
    const read = (file: string) => readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => Promise.reject(new Error(`cannot read ${file} (${error.code ?? error.message})`)));
    return { certificate: await read(tls.certificateFile), key: await read(tls.keyFile) };
  }
  const value = (name: string) => processEnv[name] || Promise.reject(new Error(`variable ${name} is not set`));
  return { certificate: await value(tls.certificateEnv), key: await value(tls.keyEnv) };
}

/** What is wrong with the PEM itself, or null: it parses and the key belongs to the certificate. */
export function tlsMaterialProblem({ certificate, key }: TlsMaterial): Issue | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificate);
  } catch (error) {
    return { path: AT, message: `the certificate is not a PEM certificate (${(error as Error).message})`, hint: 'give the PEM file certbot calls fullchain.pem (-----BEGIN CERTIFICATE-----)' };
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    // the parser's message may quote the key: never repeat it
    return { path: AT, message: 'the key is not an unencrypted PEM private key', hint: 'give the PEM file certbot calls privkey.pem (-----BEGIN PRIVATE KEY-----), without a passphrase' };
  }
  if (!cert.checkPrivateKey(privateKey)) {
    return { path: AT, message: `the key does not match the certificate (${cert.subject.replaceAll('\n', ', ')})`, hint: 'give the key the certificate was issued for (certbot: privkey.pem beside fullchain.pem)' };
  }
  return null;
}

/**
 * An expired (or not yet valid) certificate is refused, not warned about: every client would refuse it too.
 * Checked when a deploy or rollback starts, so status and remove still work on an expired one.
 */
export function tlsValidityProblem({ certificate }: TlsMaterial, now: Date): Issue | null {
  const cert = new X509Certificate(certificate);
  if (new Date(cert.validTo) < now) {
    return { path: AT, message: `the certificate expired on ${new Date(cert.validTo).toISOString()}`, hint: 'renew it (certbot renew) and run ferry again' };
  }
  if (new Date(cert.validFrom) > now) {
    return { path: AT, message: `the certificate is not valid before ${new Date(cert.validFrom).toISOString()}`, hint: "check this machine's clock, or use a certificate valid now" };
  }
  return null;
}

/** The loader's check of files (and of variables that are set: unset ones are reported when a deploy needs them). */
export async function tlsMaterialIssues(tls: RouterTls | undefined, processEnv: NodeJS.ProcessEnv): Promise<Issue[]> {
  if (!tls || ('keyEnv' in tls && !(processEnv[tls.certificateEnv] && processEnv[tls.keyEnv]))) return [];
  let material: TlsMaterial;
  try {
    material = await readTlsMaterial(tls, processEnv);
  } catch (error) {
    return [{ path: AT, message: (error as Error).message, hint: 'certificate_file and key_file are relative to the environment file' }];
  }
  const problem = tlsMaterialProblem(material);
  return problem ? [problem] : [];
}

/** Everything a deploy needs, or the issue that stops it (exit 2): readable, sound, valid now. */
export async function tlsForDeploy(tls: RouterTls, processEnv: NodeJS.ProcessEnv, now = new Date()): Promise<TlsMaterial | Issue> {
  let material: TlsMaterial;
  try {
    material = await readTlsMaterial(tls, processEnv);
  } catch (error) {
    return { path: AT, message: (error as Error).message, hint: 'export the variable holding the PEM before ferry runs, or fix the file' };
  }
  return tlsMaterialProblem(material) ?? tlsValidityProblem(material, now) ?? material;
}
