import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { makeEnvironment, readTree, type TestEnvironment } from './support/environment.js';
import { startRegistry, type TestRegistry } from './support/registry.js';

describe('push to a real local registry', () => {
  let env: TestEnvironment;
  let registry: TestRegistry;
  const PASSWORD = 'reg-pass-' + Math.random().toString(36).slice(2);

  beforeAll(async () => {
    registry = await startRegistry();
    env = await makeEnvironment(`approval: none\n`, { monitor: '0s' });
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/(image:\n  name: \S+)/, `$1\n  registry: { url: "${registry.url}", username_env: FERRY_REG_USER, password_env: FERRY_REG_PASS }`));
  });
  afterAll(async () => {
    await registry?.stop();
    // the push tagged the shared image under the registry's name: that tag is this test's own
    if (registry) await new Dockerode().getImage(`${registry.url}/ferry-e2e/demo-app:v1`).remove().catch(() => undefined);
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
