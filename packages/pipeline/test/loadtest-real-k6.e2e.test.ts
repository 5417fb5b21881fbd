import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findK6 } from '../src/ports/loadtest/k6.js';
import type { ReleaseReport } from '../src/state/report-types.js';
import { ferry, type FerryRun } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';

// The real k6 binary (CI puts ../shared/tools on PATH): the load-test gate of a real deploy runs on it.
const K6 = findK6(process.env.PATH);
const RATE = 20;

const LOADTEST = (p95: string) => `loadtest:
  engine: k6
  scenario: smoke
  rate: ${RATE}
  duration: 3s
  thresholds:
    http_req_failed: ['rate<0.01']
    http_req_duration: ['${p95}']
`;

const json = (run: FerryRun) => JSON.parse(run.stdout);

describe.skipIf(K6 === null)('the load-test gate on the real k6 binary (skipped: k6 not on PATH)', () => {
  let env: TestEnvironment;
  let yamlFile: string;
  let base: string;
  const withLoadtest = (p95: string) => writeFile(yamlFile, `${base}${LOADTEST(p95)}`);
  const report = async (run: FerryRun): Promise<ReleaseReport> => JSON.parse(await readFile(json(run).report, 'utf8'));
  const version = async () => ((await (await fetch(`${env.routerUrl}/version`)).json()) as { version: string }).version;

  beforeAll(async () => {
    env = await makeEnvironment();
    yamlFile = path.join(env.environmentsDir, `${env.env}.yaml`);
    base = await readFile(yamlFile, 'utf8');
    await withLoadtest('p(95)<5000');
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('a deploy passes the gate judged by k6 itself; the report names k6 and counts its requests', async () => {
    expect((await ferry(env.args('deploy', '--tag', 'v1', '--json'))).code).toBe(0);
    const run = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const r = await report(run);
    expect(r.loadtest).toMatchObject({ engine: 'k6', engineNote: `k6 (${K6})`, scenario: 'smoke', passed: true });
    // k6's constant-arrival-rate sends about RATE × duration; a loaded machine may drop some iterations.
    const requests = (r.loadtest as { requests: number }).requests;
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(RATE * 3 + 1);
    expect(r.probe!.failures).toBe(0);
    expect(await version()).toBe('v2');
  });

  it('a threshold k6 reports as crossed (exit 99) rolls the deploy back: exit 1, v2 still serves', async () => {
    await withLoadtest('p(95)<0.001');
    const run = await ferry(env.args('deploy', '--tag', 'v3', '--json'));
    expect(run.code, run.stderr).toBe(1);
    expect(json(run).message).toMatch(/load test \(k6 \(.*\)\): .*p\(95\)<0\.001/);
    const r = await report(run);
    expect(r.outcome).toBe('rolled_back');
    expect(r.loadtest).toMatchObject({ engine: 'k6', passed: false });
    expect(r.probe!.failures).toBe(0);
    expect(await version()).toBe('v2');
  });

  it('`ferry loadtest` runs a scenario on k6 against the live router and exits by its verdict', async () => {
    await withLoadtest('p(95)<5000');
    const pass = await ferry(env.args('loadtest', '--json'));
    expect(pass.code, pass.stderr).toBe(0);
    expect(json(pass)).toMatchObject({ engine: 'k6', scenario: 'smoke', passed: true });
    await withLoadtest('p(95)<0.001');
    const fail = await ferry(env.args('loadtest', '--json'));
    expect(fail.code, fail.stderr).toBe(1);
    expect(json(fail)).toMatchObject({ engine: 'k6', passed: false });
  });
});
