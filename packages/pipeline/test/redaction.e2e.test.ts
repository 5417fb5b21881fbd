// An app that prints its secrets raw and encoded (test/fixtures/leaky-app) deployed for real, with a real
// PostgreSQL and a local webhook receiver: no form of any secret may reach ferry's output, the webhook or the
// state dir, and [REDACTED] shows where each was.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import { ferry, spawnFerry, type FerryRun } from './support/ferry.js';
import { makeEnvironment, readTree, type TestEnvironment } from './support/environment.js';
import { BASE_IMAGE, E2E_IMAGE } from './support/images.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';
import { waitFor } from './support/wait.js';

// Its own image name: nothing else deploys it, and this test removes it at the end.
const IMAGE = 'ferry-e2e-redaction/leaky';
const CONTEXT = fileURLToPath(new URL('./fixtures/leaky-app/', import.meta.url));
// Characters that change under every encoding: + / = & space and a double quote.
const SECRET = `s3cr3t+/=Key&x y"z-${Math.random().toString(36).slice(2, 8)}`;
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
const HOOK_TOKEN = `hook-token-${Math.random().toString(36).slice(2, 10)}`;

const DATABASE = `database:
  url_env: DATABASE_URL
  migrate: [node, leaky.mjs, migrate]
  timeout: 4s
  restore_on_failure: true
notify: { webhook_env: FERRY_E2E_HOOK }
`;

/** What must never appear, each form computed here independently of Ferry's redactor. */
function forbidden(values: string[]): string[] {
  return values.flatMap((value) => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const b64url = (text: string) => Buffer.from(text).toString('base64url');
    // Inside a longer base64 text the secret's characters start a few places in; a middle slice is the secret's own.
    const embedded = [1, 2, 3].flatMap((n) => [b64('x'.repeat(n) + value + '-tail'), b64url('x'.repeat(n) + value + '-tail')].map((t) => t.slice(4, 4 + Math.min(16, t.length - 12))));
    const lines = value.split('\n').filter((line) => line.length >= 8);
    return [value, b64(value), b64url(value), encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1), ...embedded, ...lines];
  });
}

async function startReceiver(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (bodies.push(body), res.end('ok')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/services/${HOOK_TOKEN}`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

describe('redaction at every sink: an app that prints its secrets raw and encoded', () => {
  let pg: TestPostgres;
  let env: TestEnvironment;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const outputs: string[] = [];
  const processEnv = () => ({ LEAKY_SECRET: SECRET, LEAKY_PEM: PEM, DATABASE_URL: pg.url, FERRY_E2E_HOOK: receiver.url });
  const run = async (...args: string[]): Promise<FerryRun> => {
    const result = await ferry(env.args(...args), processEnv());
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const secretValues = () => [SECRET, PEM, pg.url, pg.password, receiver.url];

  beforeAll(async () => {
    const engine = new DockerEngine(new Dockerode());
    for (const mode of ['ok', 'sick', 'hang']) {
      await engine.build({ context: CONTEXT, dockerfile: 'Dockerfile', args: { BASE_IMAGE, LEAKY_MODE: mode }, tag: `${IMAGE}:${mode}` }, () => undefined);
    }
    pg = await startPostgres();
    receiver = await startReceiver();
    // Host network: the app and the one-off migration container reach PostgreSQL on 127.0.0.1.
    env = await makeEnvironment(DATABASE, { network: 'host' });
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const yaml = (await readFile(file, 'utf8'))
      .replace(`name: ${E2E_IMAGE}`, `name: ${IMAGE}`)
      .replace('network: host', 'network: host\n  secrets: [LEAKY_SECRET, LEAKY_PEM]')
      .replace('deploy_timeout: 20s', 'deploy_timeout: 6s');
    await writeFile(file, yaml);
  }, 300_000);
  afterAll(async () => {
    await env?.cleanup();
    await pg?.stop();
    await receiver?.close();
    const docker = new Dockerode();
    for (const mode of ['ok', 'sick', 'hang']) await docker.getImage(`${IMAGE}:${mode}`).remove({ force: true }).catch(() => undefined);
  });

  it('deploy --json: the migration and the app print every form; the deploy succeeds and shows none of them', async () => {
    const deploy = await run('deploy', '--tag', 'ok', '--json');
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(JSON.parse(deploy.stdout)).toMatchObject({ outcome: 'succeeded', database: { migrated: true } });
    expect(deploy.stderr).toContain('[REDACTED]'); // the migration's output, streamed into the task output
    expect(deploy.stderr).toContain('migrate split secret: [REDACTED]');
  });

  it('ferry logs: whole stream masked, a secret written in two pieces included', async () => {
    const logs = await run('logs');
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('--- leaking from start ---');
    expect(logs.stdout).toContain('secret raw: [REDACTED]');
    expect(logs.stdout).toContain('secret json: {"secret":"[REDACTED]"}');
    expect(logs.stdout).toContain('start split secret: [REDACTED] (joined)');
    expect(logs.stdout).toMatch(/pem raw: \[REDACTED\]\n/);
  });

  it('ferry logs --follow: masked over the live stream', async () => {
    const follow = spawnFerry(env.args('logs', '--follow'), processEnv());
    let seen = '';
    follow.child.stdout!.on('data', (d) => (seen += d));
    try {
      await waitFor(async () => seen.includes('start split secret: [REDACTED] (joined)'), 30_000);
    } finally {
      follow.child.kill('SIGINT');
    }
    const result = await follow.done;
    outputs.push(result.stdout, result.stderr);
    expect(result.stdout).toContain('secret raw: [REDACTED]');
    expect(result.stdout).toContain('start split secret: [REDACTED] (joined)');
  });

  // [what fails, tag, how ferry says it, the output it quotes, masked]
  it.each([
    ['a migration that times out', 'hang', /did not finish within 4000 ms and was killed; last output:/, 'still migrating with [REDACTED] [REDACTED] [REDACTED]'],
    ['a health check that fails', 'sick', /did not become healthy/, 'health failed: [REDACTED] [REDACTED] "[REDACTED]"'],
  ])('%s: rolled back, the error quotes the container output masked', async (_what, tag, reason, quoted) => {
    const deploy = await run('deploy', '--tag', tag, '--json');
    expect(deploy.code, deploy.stderr).toBe(1);
    const result = JSON.parse(deploy.stdout);
    expect(result.outcome).toBe('rolled_back');
    expect(result.message).toMatch(reason);
    expect(result.message).toContain(quoted);
  });

  it('no form of any secret in any output, webhook body or file under the state dir', async () => {
    expect(receiver.bodies.length).toBeGreaterThanOrEqual(3); // one per deploy
    expect(receiver.bodies.some((body) => body.includes('[REDACTED]'))).toBe(true); // the failure reasons quoted output
    const state = await readTree(env.stateDir);
    expect(state).toContain('[REDACTED]'); // reports and the ledger hold the masked reasons
    const everything = { output: outputs.join('\n'), webhook: receiver.bodies.join('\n'), state };
    for (const [where, text] of Object.entries(everything)) {
      for (const form of forbidden(secretValues())) expect(text.includes(form), `${where} contains ${JSON.stringify(form)}`).toBe(false);
      expect(text.includes(HOOK_TOKEN), `${where} contains the webhook token`).toBe(false);
    }
  });
});
