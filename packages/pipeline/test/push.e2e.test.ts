import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { freePort, makeEnvironment, readTree, type TestEnvironment } from './support/environment.js';

// A real registry (Debian's docker-registry) on a loopback port, storage in a temp dir.
async function startRegistry(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-registry-'));
  const config = path.join(dir, 'config.yml');
  await writeFile(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const url = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`http://${url}/v2/`).catch(() => null))?.ok) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('docker-registry did not start');
}

describe('push to a real local registry', () => {
  let env: TestEnvironment;
  let registry: { url: string; child: ChildProcess };
  const PASSWORD = 'reg-pass-' + Math.random().toString(36).slice(2);

  beforeAll(async () => {
    registry = await startRegistry();
    env = await makeEnvironment(`approval: none\n`, { monitor: '0s' });
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/(image:\n  name: \S+)/, `$1\n  registry: { url: "${registry.url}", username_env: FERRY_REG_USER, password_env: FERRY_REG_PASS }`));
  });
  afterAll(async () => {
    registry?.child.kill();
    await env?.cleanup();
  });

  it('tags and pushes the release with progress, credentials from the environment only', async () => {
    const run = await ferry(env.args('deploy', '--tag', 'v1'), { FERRY_REG_USER: 'ci', FERRY_REG_PASS: PASSWORD });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`Push ${registry.url}/ferry-e2e/demo-app:v1 \\(sha256:[0-9a-f]{64}\\)`));
    expect(run.stderr).toMatch(/[0-9a-f]{12}: Pushing [\d.]+[kMG]?B\/[\d.]+[kMG]?B/); // a layer's typed byte counts, printed as Docker does
    const tags = await (await fetch(`http://${registry.url}/v2/ferry-e2e/demo-app/tags/list`)).json();
    expect(tags).toEqual({ name: 'ferry-e2e/demo-app', tags: ['v1'] });
    for (const text of [run.stdout, run.stderr, await readTree(env.stateDir)]) expect(text).not.toContain(PASSWORD);
  });

  it('a missing credential variable is refused before anything changes (exit 2)', async () => {
    const run = await ferry(env.args('deploy', '--tag', 'v2'), { FERRY_REG_USER: 'ci' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/FERRY_REG_PASS/);
    expect(await (await fetch(`${env.routerUrl}/version`)).json()).toEqual({ version: 'v1' });
  });
});
