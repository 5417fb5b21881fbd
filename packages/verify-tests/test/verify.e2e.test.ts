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
  max_p95_ms: 300
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
      'smoke ✓ GET /version reports the active tag v2',
      'performance ✓ GET /health p95 within 300 ms over 50 samples',
      'performance ✓ GET / p95 within 300 ms over 50 samples',
      'performance ✓ GET /notes p95 within 300 ms over 50 samples',
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
    const rolled = await run('rollback', '--yes', '--json');
    expect(rolled.code, rolled.stderr).toBe(0);
    // The rollback flow itself wrote a marker through v2 before its switch and proved v1 still lists it.
    const report = JSON.parse(await readFile(JSON.parse(rolled.stdout).report, 'utf8'));
    expect(report.verify).toMatchObject({ passed: true, failed: 0 });
    expect(report.steps.map((s: { title: string }) => s.title)).toContainEqual(expect.stringMatching(/^Verify rollback integrity: \d+ checks passed, marker ferry-marker-[0-9a-f]{16} still readable$/));
    const result = await verifyAgainstStatus(['smoke', 'rollback-integrity'], { path: '/notes', value: marker });
    expect(failures(result)).toEqual([]);
    expect(result.tests.map((t) => t.name)).toContain('GET /version reports the active tag v1');
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
  const verify = (over: Partial<VerifySettings> = {}): VerifySettings => ({ endpoints, maxP95Ms: 300, samples: 10, concurrency: 20, ...over });
  // As `ferry validate` calls it: the burst goes to the environment's health path unless told otherwise.
  const check = (baseUrl: string, name: string, settings = verify(), suites: ('smoke' | 'performance')[] = ['smoke', 'performance'], healthPath = '/health') =>
    runVerification({ baseUrl, verify: settings, activeTag: 'v2', suites, healthPath, junitFile: path.join(reports, 'junit', `${name}.xml`) });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(reports, { recursive: true, force: true });
  });

  it('a version whose /version lies fails smoke, naming /version and the active tag', async () => {
    const result = await check(await start('version-lie'), 'lie');
    expect(failures(result)).toEqual(['smoke: GET /version: expected version "v2" (the active tag from ferry status), got "v0-lie"']);
    expect(result).toMatchObject({ passed: false, failed: 1 });
  });

  it('an endpoint returning 500 fails smoke and the burst, naming / and the expected status', async () => {
    const result = await check(await start('error500'), 'error500', verify({ concurrency: 20 }));
    expect(failures(result)).toEqual(['smoke: GET /: expected status 200, got 500']);
    const burst = await check(servers.at(-1)!.url, 'error500-burst', verify(), ['performance'], '/');
    expect(failures(burst)).toEqual(['performance: GET /: expected all 20 parallel requests to answer 2xx, 20 did not (500 ×20)']);
  });

  it('a slow version fails performance: p95 over the limit, naming the endpoint and max_p95_ms', async () => {
    const result = await check(await start('slow'), 'slow', verify({ endpoints: [{ path: '/health', status: [200] }], samples: 5, concurrency: 5 }));
    expect(failures(result)).toEqual([expect.stringMatching(/^performance: GET \/health: p95 8\d\d ms over 5 samples exceeds max_p95_ms 300$/)]);
    expect(result.tests.find((t) => t.name === '5 parallel GET /health all answer 2xx')).toMatchObject({ ok: true });
  });

  it('failures land in well-formed JUnit XML; `passed` is what the CLI turns into its exit code', async () => {
    const result = await check(await start('version-lie'), 'junit', verify({ samples: 3, concurrency: 3 }));
    const xml = await readFile(result.junitFile, 'utf8');
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain(
      '<failure message="GET /version: expected version &quot;v2&quot; (the active tag from ferry status), got &quot;v0-lie&quot;" type="AssertionError">GET /version: expected version "v2" (the active tag from ferry status), got "v0-lie"</failure>',
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
    // 50 samples of a slow server would take 40 s; the abort ends the child vitest after 1.5 s.
    const url = await start('slow');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 1500);
    await expect(
      runVerification({ baseUrl: url, verify: verify({ samples: 50 }), activeTag: 'v2', suites: ['performance'], junitFile: path.join(reports, 'abort.xml'), signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
