// An app that is not the demo (test/fixtures/plain-version-app: plain-text /version, no "/"), deployed for
// real: Ferry checks only what the environment file lists, the version only when `verify.version` asks,
// and load-tests only the paths the file names.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import { findK6 } from '../src/ports/loadtest/k6.js';
import type { ReleaseReport } from '../src/state/report-types.js';
import { ferry, type FerryRun } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { BASE_IMAGE, E2E_IMAGE } from './support/images.js';

// Its own image name: nothing else deploys (or prunes) it. Honest tags share one build; `lie` reports v0-lie.
const IMAGE = 'ferry-e2e/plain-version-app';
const HONEST_TAGS = ['v1', 'v2', 'v3'];
const CONTEXT = fileURLToPath(new URL('./fixtures/plain-version-app/', import.meta.url));

async function buildPlainVersionApp(): Promise<void> {
  const engine = new DockerEngine(new Dockerode());
  const build = (tag: string, args: Record<string, string>) => engine.build({ context: CONTEXT, dockerfile: 'Dockerfile', args: { BASE_IMAGE, ...args }, tag: `${IMAGE}:${tag}` }, () => undefined);
  for (const tag of HONEST_TAGS) await build(tag, {}); // the layer cache makes the second and third instant
  await build('lie', { LIE: 'v0-lie' });
}

// The configuration: /health with its JSON, /version by status only. p95 limit: these cases are not about latency.
const VERIFY = `verify:
  endpoints:
    - { path: /health, status: 200, json: { status: ok } }
    - { path: /version, status: 200 }
  max_p95_ms: 2000
  samples: 10
  concurrency: 10
`;

const json = (run: FerryRun) => JSON.parse(run.stdout);

describe('an app that is not the demo: checks and load-test paths come from the environment file only', () => {
  let env: TestEnvironment;
  let yamlFile: string;
  let base: string;
  const withYaml = (extra: string) => writeFile(yamlFile, `${base}${extra}`);
  const run = (...args: string[]) => ferry(env.args(...args), {}, env.root);
  const report = async (deployed: FerryRun): Promise<ReleaseReport> => JSON.parse(await readFile(json(deployed).report, 'utf8'));
  const served = async () => (await fetch(`${env.routerUrl}/version`)).text();
  const testNames = (validated: FerryRun) => (json(validated).tests as { name: string }[]).map((t) => t.name);

  beforeAll(async () => {
    await buildPlainVersionApp();
    env = await makeEnvironment();
    yamlFile = path.join(env.environmentsDir, `${env.env}.yaml`);
    base = (await readFile(yamlFile, 'utf8')).replace(`name: ${E2E_IMAGE}`, `name: ${IMAGE}`);
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('a verify section listing /health and /version (status 200) deploys a plain-text /version: no version check anywhere', async () => {
    await withYaml(VERIFY);
    const first = await run('deploy', '--tag', 'v1', '--json');
    expect(first.code, first.stderr).toBe(0);
    const second = await run('deploy', '--tag', 'v2', '--json');
    expect(second.code, second.stderr).toBe(0);
    // The post-switch smoke suite ran exactly the two listed checks.
    expect((await report(second)).verify).toMatchObject({ passed: true, failed: 0, total: 2 });
    expect(await served()).toBe('v2\n');

    const validated = await run('validate', '--json');
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    expect(testNames(validated).filter((name) => name.startsWith('GET /version'))).toEqual(['GET /version answers 200', 'GET /version p95 within 2000 ms over 10 samples']);
    expect(testNames(validated).join('\n')).not.toMatch(/active tag/);
  });

  it('opting in with body_matches catches a lying version: rolled back, exit 1, v2 still serves', async () => {
    await withYaml(`${VERIFY}  version: { path: /version, body_matches: "^{tag}\\\\s*$" }\n`);
    const lie = await run('deploy', '--tag', 'lie', '--json');
    expect(lie.code, lie.stderr).toBe(1);
    expect(json(lie)).toMatchObject({ outcome: 'rolled_back' });
    expect(json(lie).message).toContain(
      'verify: 1 of 3 smoke check(s) failed: GET /version: expected the body to match /^lie\\s*$/ (body_matches, {tag} = "lie", the active tag from ferry status), got "v0-lie\\n"',
    );
    expect(await served()).toBe('v2\n');

    const validated = await run('validate', '--json');
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    expect(testNames(validated)).toContain('GET /version reports the active tag v2 in a body matching /^v2\\s*$/');
  });

  it('opting in with json_field (a nested field) catches the same lie; an honest version deploys', async () => {
    await withYaml(`${VERIFY}  version: { path: /info, json_field: build.tag }\n`);
    const lie = await run('deploy', '--tag', 'lie', '--json');
    expect(lie.code, lie.stderr).toBe(1);
    expect(json(lie).message).toContain('verify: 1 of 3 smoke check(s) failed: GET /info: expected "build.tag" to be "lie" (the active tag from ferry status), got "v0-lie"');
    expect(await served()).toBe('v2\n');

    const honest = await run('deploy', '--tag', 'v3', '--json');
    expect(honest.code, honest.stderr).toBe(0);
    expect((await report(honest)).verify).toMatchObject({ passed: true, failed: 0, total: 3 });
    expect(await served()).toBe('v3\n');
  });

  it('json_field pointed at the plain-text /version fails validate, saying what came instead of JSON', async () => {
    await withYaml(`${VERIFY}  version: { path: /version, json_field: version }\n`);
    const validated = await run('validate', '--json');
    expect(validated.code).toBe(1);
    const failed = (json(validated).tests as { ok: boolean; message?: string }[]).filter((t) => !t.ok).map((t) => t.message);
    expect(failed).toEqual(['GET /version: expected a JSON object whose "version" is "v3" (the active tag from ferry status), got a body that is not JSON: "v3\\n"']);
  });

  describe('load tests request the health and verify paths, never a guessed "/"', () => {
    const LOADTEST = (engine: string, paths = '') => `loadtest:\n  engine: ${engine}\n  rate: 10\n  duration: 2s\n${paths}`;

    it('the fallback engine: /health and /version, 0 failed requests', async () => {
      await withYaml(`${VERIFY}${LOADTEST('fallback')}`);
      const loaded = await run('loadtest', '--json');
      expect(loaded.code, loaded.stderr).toBe(0);
      expect(json(loaded)).toMatchObject({ engine: 'fallback', paths: ['/health', '/version'], passed: true });
    });

    it.skipIf(findK6(process.env.PATH) === null)('real k6 (skipped: not on PATH): the same paths, 0 failed requests', async () => {
      await withYaml(`${VERIFY}${LOADTEST('k6')}`);
      const loaded = await run('loadtest', '--json');
      expect(loaded.code, loaded.stderr).toBe(0);
      expect(json(loaded)).toMatchObject({ engine: 'k6', paths: ['/health', '/version'], passed: true });
    });

    it('the old guess would fail: loadtest.paths with "/" (which this app lacks) crosses http_req_failed', async () => {
      await withYaml(`${VERIFY}${LOADTEST('fallback', '  paths: [/health, /]\n')}`);
      const loaded = await run('loadtest', '--json');
      expect(loaded.code, loaded.stderr).toBe(1);
      expect(json(loaded)).toMatchObject({ paths: ['/health', '/'], passed: false });
      expect(json(loaded).thresholds).toEqual([expect.objectContaining({ metric: 'http_req_failed', expression: 'rate<0.01', ok: false })]);
    });
  });
});
