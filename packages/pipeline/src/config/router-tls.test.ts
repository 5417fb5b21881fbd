import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadEnvironment } from './index.js';
import { secretVariableNames } from './masked-values.js';
import { tlsForDeploy, tlsMaterialProblem, tlsValidityProblem, type TlsMaterial } from './router-tls.js';
import { BASE_YAML, makeSandbox, type Sandbox } from './test-fixtures.js';

// router/tls as the loader and a deploy see it; certificates are real ones openssl makes for the test.

let box: Sandbox;
let pair: TlsMaterial;
let other: TlsMaterial;

function selfSigned(name: string): TlsMaterial {
  const [cert, key] = [path.join(box.envDir, `${name}.crt`), path.join(box.envDir, `${name}.key`)];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { certificate: cert, key };
}

const read = async (files: TlsMaterial): Promise<TlsMaterial> => ({ certificate: await readFile(files.certificate, 'utf8'), key: await readFile(files.key, 'utf8') });

// BASE_YAML's router (line 17) with the container runtime and `tls` lines; tls: is line 19.
const withTls = (tls: string, extra = '') => BASE_YAML.replace('router:\n', () => `router:\n  runtime: container\n  tls:\n${tls}${extra}`);

async function load(yaml: string, processEnv: NodeJS.ProcessEnv = {}) {
  await box.write('test.yaml', yaml);
  return loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv });
}

async function failure(yaml: string, processEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const error = await load(yaml, processEnv).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).exitCode).toBe(2);
  return (error as ConfigError).message;
}

beforeAll(async () => {
  box = await makeSandbox();
  pair = await read(selfSigned('router'));
  other = await read(selfSigned('other'));
});
afterAll(() => box.cleanup());

describe('router.tls in the environment file', () => {
  it('files relative to the environment file, http_listen and redirect_http', async () => {
    const config = await load(withTls('    certificate_file: router.crt\n    key_file: router.key\n', '  http_listen: 127.0.0.1:8081\n  redirect_http: true\n'));
    expect(config.router).toMatchObject({
      tls: { certificateFile: path.join(box.envDir, 'router.crt'), keyFile: path.join(box.envDir, 'router.key') },
      httpListen: { host: '127.0.0.1', port: 8081 },
      redirectHttp: true,
    });
  });

  it('variables: their values are secrets (masked), never read into the config', async () => {
    const config = await load(withTls('    certificate_env: ROUTER_CERT\n    key_env: ROUTER_KEY\n'), { ROUTER_CERT: pair.certificate, ROUTER_KEY: pair.key });
    expect(config.router.tls).toEqual({ certificateEnv: 'ROUTER_CERT', keyEnv: 'ROUTER_KEY' });
    expect(secretVariableNames(config)).toEqual(['DATABASE_URL', 'ROUTER_CERT', 'ROUTER_KEY']);
    expect(JSON.stringify(config)).not.toContain('PRIVATE KEY');
  });

  it.each<[string, string, string]>([
    ['a key of another certificate', withTls('    certificate_file: router.crt\n    key_file: other.key\n'), 'test.yaml:19 router/tls: the key does not match the certificate (CN=127.0.0.1); give the key the certificate was issued for'],
    ['an unreadable file (test.yaml:19 router/tls: cannot read <dir>/missing.key)', withTls('    certificate_file: router.crt\n    key_file: missing.key\n'), 'missing.key (ENOENT); certificate_file and key_file are relative to the environment file'],
    ['not a certificate', withTls('    certificate_file: router.key\n    key_file: router.key\n'), 'test.yaml:19 router/tls: the certificate is not a PEM certificate'],
    ['files and variables mixed', withTls('    certificate_file: router.crt\n    key_env: ROUTER_KEY\n'), 'test.yaml:19 router/tls: mixes files and variables; set certificate_file and key_file'],
    ['half a pair', withTls('    certificate_file: router.crt\n'), 'test.yaml:19 router/tls: certificate_file and key_file go together'],
    ['the host router', withTls('    certificate_file: router.crt\n    key_file: router.key\n').replace('  runtime: container\n', '  runtime: host\n'), 'test.yaml:19 router/tls: needs router/runtime: container'],
    ['redirect without http_listen', withTls('    certificate_file: router.crt\n    key_file: router.key\n', '  redirect_http: true\n'), 'test.yaml:22 router/redirect_http: needs router/http_listen'],
    ['http_listen on the HTTPS port', withTls('    certificate_file: router.crt\n    key_file: router.key\n', '  http_listen: 127.0.0.1:8080\n'), 'test.yaml:22 router/http_listen: port 8080 is also router/listen'],
    ['http_listen without tls', BASE_YAML.replace('router:\n', 'router:\n  http_listen: 127.0.0.1:8081\n'), 'test.yaml:18 router/http_listen: needs router/tls'],
  ])('%s is exit 2 naming the key and the fix', async (_name, yaml, expected) => {
    const message = await failure(yaml, { ROUTER_KEY: pair.key });
    expect(message).toContain(expected);
    expect(message).not.toContain('PRIVATE KEY');
  });

  it('variables that are not set pass loading (status works); a deploy names the missing one', async () => {
    const config = await load(withTls('    certificate_env: ROUTER_CERT\n    key_env: ROUTER_KEY\n'));
    expect(await tlsForDeploy(config.router.tls!, { ROUTER_CERT: pair.certificate })).toMatchObject({ path: ['router', 'tls'], message: 'variable ROUTER_KEY is not set' });
    expect(await tlsForDeploy(config.router.tls!, { ROUTER_CERT: pair.certificate, ROUTER_KEY: pair.key })).toEqual(pair);
  });
});

describe('the certificate checks', () => {
  it('a matching pair passes; a key of another certificate does not, without quoting the key', () => {
    expect(tlsMaterialProblem(pair)).toBeNull();
    const problem = tlsMaterialProblem({ certificate: pair.certificate, key: other.key });
    expect(problem?.message).toBe('the key does not match the certificate (CN=127.0.0.1)');
  });

  it('expired or not yet valid is refused at deploy; valid now passes', () => {
    const now = new Date();
    const inThreeDays = new Date(now.getTime() + 3 * 86_400_000);
    const yesterday = new Date(now.getTime() - 86_400_000);
    expect(tlsValidityProblem(pair, now)).toBeNull();
    expect(tlsValidityProblem(pair, inThreeDays)?.message).toMatch(/^the certificate expired on \d{4}-/);
    expect(tlsValidityProblem(pair, yesterday)?.message).toMatch(/^the certificate is not valid before \d{4}-/);
  });
});
