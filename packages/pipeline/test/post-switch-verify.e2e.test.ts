import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xmlProblem } from '../../verify-tests/test/support/well-formed.js';
import { ferry, type FerryRun } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { startLoad } from './support/load.js';

const VERIFY = `verify:
  endpoints:
    - { path: /health, status: 200, json: { status: ok } }
    - { path: /, status: 200 }
  version: { path: /version, json_field: version }
  max_p95_ms: 500
  samples: 10
  concurrency: 10
  metrics: /metrics
`;

const json = (run: FerryRun) => JSON.parse(run.stdout);

describe('post-switch verification and `ferry validate` on the real engine', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await makeEnvironment(VERIFY);
  });
  afterAll(async () => {
    await env?.cleanup();
    await rm(path.join(env.root, 'reports'), { recursive: true, force: true });
  });

  it('a healthy deploy runs the smoke suite after the switch and records it in the report', async () => {
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    const run = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(json(run).report, 'utf8'));
    expect(report.verify).toMatchObject({ passed: true, failed: 0, total: 3 });
    expect(xmlProblem(await readFile(report.verify.junitFile, 'utf8'))).toBeUndefined();
  });

  it('a version whose /version lies passes /health but fails verification: rolled back, exit 1, 0 failed requests', async () => {
    const load = startLoad(`${env.routerUrl}/`, 50);
    const run = await ferry(env.args('deploy', '--tag', 'lie', '--json'));
    const seen = await load.stop();
    expect(run.code, run.stderr).toBe(1);
    const result = json(run);
    expect(result.message).toMatch(/verify: 1 of 3 smoke check\(s\) failed: GET \/version: expected "version" to be "lie" \(the active tag from ferry status\), got "v0-lie"/);
    expect(result.outcome).toBe('rolled_back');
    expect(result.probe).toMatchObject({ failures: 0 });
    expect(result.probe.requests).toBeGreaterThan(0);
    expect(seen.failed).toBe(0);
    expect(((await (await fetch(`${env.routerUrl}/version`)).json()) as { version: string }).version).toBe('v2');
  });

  it('ferry validate: exit 0 and JUnit under reports/junit/ when healthy; exit 1 naming the endpoint when not', async () => {
    const ok = await ferry(env.args('validate'), {}, env.root);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const junit = path.join(env.root, 'reports/junit/verify-test.xml');
    expect(xmlProblem(await readFile(junit, 'utf8'))).toBeUndefined();
    expect(ok.stdout).toMatch(/GET \/version reports the active tag v2 in "version"/);
    expect(ok.stdout).toMatch(/✓ GET \/metrics serves Prometheus metrics/);

    // Without the post-switch check a 500 on / goes live (its /health is fine); validate must catch it.
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    await writeFile(file, `${await readFile(file, 'utf8')}  after_switch: false\n`);
    expect((await ferry(env.args('deploy', '--tag', 'error500'))).code).toBe(0);
    const bad = await ferry(env.args('validate', '--json'), {}, env.root);
    expect(bad.code).toBe(1);
    expect(JSON.stringify(json(bad).tests)).toMatch(/GET \/: expected status 200, got 500/);
    expect(await readFile(junit, 'utf8')).toMatch(/failures="[1-9]/);
  });
});
