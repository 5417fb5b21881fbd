// The suites against the real demo app: a healthy blue-green deploy behind real nginx with PostgreSQL
// and Redis (all green, marker survives a rollback), then deliberately wrong deployments of the same app.
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../pipeline/src/config/index.js';
import { makeEnvironment, type TestEnvironment } from '../../pipeline/test/support/environment.js';
import { ferry } from '../../pipeline/test/support/ferry.js';
import { startPostgres, type TestPostgres } from '../../pipeline/test/support/postgres.js';
import { formatVerification, runVerification, writeMarker, type VerificationResult, type VerifySettings } from '../src/index.js';
import { startDemoServer, type DemoServer } from './support/demo-server.js';
import { startRedis } from './support/redis.js';
import { xmlProblem } from './support/well-formed.js';

const reports = path.join(os.tmpdir(), `ferry-verify-e2e-${process.pid}`);
// A healthy deployment meets this p95 even on a loaded machine: the healthy cases are not about latency.
const HEALTHY_P95_MS = 2000;
// examples/demo-app answers this late under DEMO_FAULT=slow.
const SLOW_FAULT_MS = 800;
const failures = (result: VerificationResult) => result.tests.filter((t) => !t.ok).map((t) => `${t.suite}: ${t.message}`);

describe('verification suites against a healthy deploy (real engine, nginx, PostgreSQL, Redis)', () => {
  let pg: TestPostgres;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let env: TestEnvironment;
  const run = (...args: string[]) => ferry(env.args(...args), { DATABASE_URL: pg.url });

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    // Host network: the app reaches PostgreSQL and Redis on 127.0.0.1.
    env = await makeEnvironment(
      `database:
  url_env: DATABASE_URL
  migrate: [node, migrate.js, up]
  timeout: 60s
verify:
  endpoints:
    - { path: /health, status: 200, json: { status: ok } }
    - { path: /, status: [200], json: { app: demo, greeting: hello-e2e } }
    - { path: /notes, status: 200 }
  version: { path: /version, json_field: version }
  max_p95_ms: ${HEALTHY_P95_MS}
  samples: 50
  concurrency: 50
  database: /health/database
  redis: /health/redis
  marker: { path: /notes }
  after_switch: false
`,
      { network: 'host' },
    );
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('env: { GREETING: hello-e2e }', `env: { GREETING: hello-e2e, REDIS_URL: "${redis.url}" }`));
  });
  afterAll(async () => {
    await env?.cleanup();
    await Promise.all([pg?.stop(), redis?.stop()]);
    await rm(reports, { recursive: true, force: true });
  });

  const verifyAgainstStatus = async (suites: Parameters<typeof runVerification>[0]['suites'], marker?: { path: string; value: string }) => {
    const config = await loadEnvironment({ environmentsDir: env.environmentsDir, env: env.env, processEnv: { DATABASE_URL: pg.url } });
    const status = JSON.parse((await run('status', '--json')).stdout) as { active: { version: string } | null };
    const verify: VerifySettings = config.verify!; // the pipeline's parsed `verify:` is passed as is
    return runVerification({ baseUrl: env.routerUrl, verify, activeTag: status.active?.version ?? null, healthPath: config.health.path, suites, marker, junitFile: path.join(reports, 'junit', 'healthy.xml'), name: 'ferry verify test' });
  };

  let marker: string;
  it('v1 then v2 deployed: every suite green, JUnit well-formed, failed 0', async () => {
    expect((await run('deploy', '--tag', 'v1', '--json')).code).toBe(0);
    marker = await writeMarker(env.routerUrl, '/notes');
    expect(marker).toMatch(/^ferry-marker-[0-9a-f]{16}$/);
    const deployed = await run('deploy', '--tag', 'v2', '--json');
    expect(deployed.code, deployed.stderr).toBe(0);

    const started = Date.now();
    const result = await verifyAgainstStatus(['smoke', 'performance', 'dependencies']);
    console.log(`${formatVerification(result).join('\n')}\n(runVerification took ${Date.now() - started} ms)`);
    expect(failures(result)).toEqual([]);
    expect(result).toMatchObject({ passed: true, failed: 0, total: 11 });
    expect(result.tests.map((t) => `${t.suite} ${t.skipped ? '-' : '✓'} ${t.name}`)).toEqual([
      'smoke ✓ GET /health answers 200 with status="ok"',
      'smoke ✓ GET / answers 200 with app="demo", greeting="hello-e2e"',
      'smoke ✓ GET /notes answers 200',
      'smoke ✓ GET /version reports the active tag v2 in "version"',
      `performance ✓ GET /health p95 within ${HEALTHY_P95_MS} ms over 50 samples`,
      `performance ✓ GET / p95 within ${HEALTHY_P95_MS} ms over 50 samples`,
      `performance ✓ GET /notes p95 within ${HEALTHY_P95_MS} ms over 50 samples`,
      'performance ✓ 50 parallel GET /health all answer 2xx',
      'dependencies ✓ GET /health/database reports the database healthy',
      'dependencies ✓ GET /health/redis reports Redis healthy',
      'dependencies - metrics check (verify.metrics not configured)',
    ]);
    const xml = await readFile(result.junitFile, 'utf8');
    expect(result.junitFile).toBe(path.join(reports, 'junit', 'healthy.xml'));
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toMatch(/<testsuites name="ferry verify test" tests="11" failures="0" errors="0" skipped="1" /);
  });

  it('after rolling back to v1 the marker written before the v2 deploy is still listed', async () => {
    // Both releases ran the migration step, so going back crosses it: say so explicitly (--yes does not imply it).
    const rolled = await run('rollback', '--yes', '--allow-schema-crossing', '--json');
    expect(rolled.code, rolled.stderr).toBe(0);
    // The rollback flow itself wrote a marker through v2 before its switch and proved v1 still lists it.
    const report = JSON.parse(await readFile(JSON.parse(rolled.stdout).report, 'utf8'));
    expect(report.verify).toMatchObject({ passed: true, failed: 0 });
    expect(report.steps.map((s: { title: string }) => s.title)).toContainEqual(expect.stringMatching(/^Verify rollback integrity: \d+ checks passed, marker ferry-marker-[0-9a-f]{16} still readable$/));
    const result = await verifyAgainstStatus(['smoke', 'rollback-integrity'], { path: '/notes', value: marker });
    expect(failures(result)).toEqual([]);
    expect(result.tests.map((t) => t.name)).toContain('GET /version reports the active tag v1 in "version"');
    expect(result.tests.at(-1)).toMatchObject({ suite: 'rollback-integrity', name: 'GET /notes still lists the marker written before the deploy', ok: true });

    const lost = await verifyAgainstStatus(['rollback-integrity'], { path: '/notes', value: 'ferry-marker-never-written' });
    expect(lost.passed).toBe(false);
    expect(failures(lost)).toEqual([expect.stringMatching(/^rollback-integrity: GET \/notes: expected the marker "ferry-marker-never-written" written before the deploy to still be listed, not found in \d+ bytes$/)]);
  });
});

describe('verification suites against deliberately wrong deployments of the demo app', () => {
  const servers: DemoServer[] = [];
  const start = async (fault: string) => {
    const server = await startDemoServer('v2', fault);
    servers.push(server);
    return server.url;
  };
  const endpoints = [
    { path: '/', status: [200] },
    { path: '/health', status: [200], json: { status: 'ok' } },
    { path: '/version', status: [200] },
  ];
  const version = { path: '/version', jsonField: 'version' };
  const verify = (over: Partial<VerifySettings> = {}): VerifySettings => ({ endpoints, version, maxP95Ms: HEALTHY_P95_MS, samples: 10, concurrency: 20, ...over });
  // As `ferry validate` calls it: the burst goes to the environment's health path unless told otherwise.
  const check = (baseUrl: string, name: string, settings = verify(), suites: ('smoke' | 'performance')[] = ['smoke', 'performance'], healthPath = '/health') =>
    runVerification({ baseUrl, verify: settings, activeTag: 'v2', suites, healthPath, junitFile: path.join(reports, 'junit', `${name}.xml`) });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(reports, { recursive: true, force: true });
  });

  it('a version whose /version lies fails smoke, naming /version and the active tag', async () => {
    const result = await check(await start('version-lie'), 'lie');
    expect(failures(result)).toEqual(['smoke: GET /version: expected "version" to be "v2" (the active tag from ferry status), got "v0-lie"']);
    expect(result).toMatchObject({ passed: false, failed: 1 });
    // The body form catches the same lie; without verify.version nothing compares the version at all.
    const byBody = await check(servers.at(-1)!.url, 'lie-body', verify({ version: { path: '/version', bodyMatches: '"version":"{tag}"' } }), ['smoke']);
    expect(failures(byBody)).toEqual(['smoke: GET /version: expected the body to match /"version":"v2"/ (body_matches, {tag} = "v2", the active tag from ferry status), got "{\\"version\\":\\"v0-lie\\"}"']);
    const unasked = await check(servers.at(-1)!.url, 'lie-unasked', verify({ version: undefined }), ['smoke']);
    expect(unasked).toMatchObject({ passed: true, failed: 0, total: endpoints.length });
  });

  it('an endpoint returning 500 fails smoke and the burst, naming / and the expected status', async () => {
    const result = await check(await start('error500'), 'error500', verify({ concurrency: 20 }));
    expect(failures(result)).toEqual(['smoke: GET /: expected status 200, got 500']);
    const burst = await check(servers.at(-1)!.url, 'error500-burst', verify(), ['performance'], '/');
    expect(failures(burst)).toEqual(['performance: GET /: expected all 20 parallel requests to answer 2xx, 20 did not (500 ×20)']);
  });

  it('a slow version fails performance: p95 over the limit, naming the endpoint and max_p95_ms', async () => {
    const maxP95Ms = 300; // below the fault's delay, so the relation holds however loaded the machine is
    const result = await check(await start('slow'), 'slow', verify({ endpoints: [{ path: '/health', status: [200] }], maxP95Ms, samples: 5, concurrency: 5 }));
    expect(failures(result)).toEqual([expect.stringMatching(/^performance: GET \/health: p95 \d+ ms over 5 samples exceeds max_p95_ms 300$/)]);
    const reported = Number(/p95 (\d+) ms/.exec(failures(result)[0]!)![1]);
    expect(reported).toBeGreaterThan(maxP95Ms);
    expect(result.tests.find((t) => t.name === '5 parallel GET /health all answer 2xx')).toMatchObject({ ok: true });
  });

  it('failures land in well-formed JUnit XML; `passed` is what the CLI turns into its exit code', async () => {
    const result = await check(await start('version-lie'), 'junit', verify({ samples: 3, concurrency: 3 }));
    const xml = await readFile(result.junitFile, 'utf8');
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain(
      '<failure message="GET /version: expected &quot;version&quot; to be &quot;v2&quot; (the active tag from ferry status), got &quot;v0-lie&quot;" type="AssertionError">GET /version: expected "version" to be "v2" (the active tag from ferry status), got "v0-lie"</failure>',
    );
    expect(xml).toMatch(/<testsuites name="ferry verify" tests="8" failures="1" errors="0" skipped="0" /);
    expect(result.passed).toBe(false);
    const healthy = await check(await start(''), 'healthy-loopback', verify({ samples: 3, concurrency: 3 }));
    expect(healthy).toMatchObject({ passed: true, failed: 0, total: 8 });
  });

  it('nothing listening: every check fails naming the endpoint; an abort signal stops a run at once', async () => {
    const closed = await check('http://127.0.0.1:9', 'closed', verify({ samples: 2, concurrency: 2 }), ['smoke']);
    expect(failures(closed)).toEqual([
      expect.stringMatching(/^smoke: GET \/: no answer from http:\/\/127.0.0.1:9 \(ECONNREFUSED: /),
      expect.stringMatching(/^smoke: GET \/health: no answer/),
      expect.stringMatching(/^smoke: GET \/version: no answer/),
      expect.stringMatching(/^smoke: GET \/version: no answer/),
    ]);
    // 50 samples of a slow server take 50 × 800 ms; the abort after 1.5 s ends the child vitest long before.
    const url = await start('slow');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 1500);
    await expect(
      runVerification({ baseUrl: url, verify: verify({ samples: 50 }), activeTag: 'v2', suites: ['performance'], junitFile: path.join(reports, 'abort.xml'), signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
    expect(Date.now() - started).toBeLessThan(50 * SLOW_FAULT_MS);
  });
});
