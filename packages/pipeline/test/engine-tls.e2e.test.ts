// An engine that only speaks TLS with client certificates (tcp://…:2376, dockerd --tlsverify), as production
// engines are exposed: ferry reaches it with DOCKER_CERT_PATH as the docker CLI does, and says what is wrong without it.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '@ferry/shared';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { startSecondEngine, type SecondEngine } from './support/second-engine.js';

describe('engine.host: tcp://…:2376 with TLS', () => {
  let engine: SecondEngine;
  let env: TestEnvironment;

  beforeAll(async () => {
    engine = await startSecondEngine({ tls: true });
    env = await makeEnvironment('', { monitor: '0s' });
    await appendFile(path.join(env.environmentsDir, `${env.env}.yaml`), `engine:\n  host: ${engine.url}\n`);
  });
  afterAll(async () => {
    await env?.cleanup();
    await engine?.stop();
  });

  it('the engine refuses a client without its certificate (the harness really requires TLS)', async () => {
    const plain = await run(['docker', '-H', engine.url, 'info'], { timeoutMs: 60_000, env: { ...process.env, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' } });
    expect(plain.code).not.toBe(0);
  });

  it('with DOCKER_CERT_PATH ferry talks to it: status answers and names the engine', async () => {
    const status = await ferry(env.args('status'), { DOCKER_CERT_PATH: engine.certPath! });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^engine: {2}${engine.url.replace(/\./g, '\\.')} \\(engine\\.host\\)$`, 'm'));
    expect(status.stdout).toMatch(/^serving: nothing deployed yet$/m);
  });

  it('without the client certificate it fails naming the engine; an unreadable DOCKER_CERT_PATH is exit 2 naming it', async () => {
    const without = await ferry(env.args('status'), { DOCKER_CERT_PATH: '' });
    expect(without.code).not.toBe(0);
    expect(without.stderr).toContain(`Docker engine did not answer at ${engine.url}`);
    const missing = path.join(env.root, 'no-certs-here');
    const unreadable = await ferry(env.args('status'), { DOCKER_CERT_PATH: missing });
    expect(unreadable.code, unreadable.stderr).toBe(2);
    expect(unreadable.stderr).toContain(`DOCKER_CERT_PATH=${missing}: cannot read ca.pem for the TLS engine ${engine.url}`);
  });
});
