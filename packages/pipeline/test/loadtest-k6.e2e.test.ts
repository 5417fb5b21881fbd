import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { REPO_ROOT } from './support/images.js';

// A stand-in `k6` on PATH that records its arguments, replays a real --summary-export file and
// exits with the code it is told: `ferry loadtest` must pass k6 the scenario and thresholds and
// read the result back the way a real k6 writes it.
const STAND_IN = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(process.env.STANDIN_RECORD, JSON.stringify(args));
fs.copyFileSync(process.env.STANDIN_SUMMARY, args[args.indexOf('--summary-export') + 1]);
process.exitCode = Number(process.env.STANDIN_EXIT);
`;

describe('contract: stand-in k6 behind `ferry loadtest`', () => {
  let env: TestEnvironment;
  let bin: string;
  const record = () => path.join(bin, 'args.json');
  const fixture = (name: string) => path.join(REPO_ROOT, 'fixtures/k6', name);
  const loadtest = (summary: string, exit: number) =>
    ferry(env.args('loadtest', '--json'), { PATH: `${bin}:${process.env.PATH}`, STANDIN_RECORD: record(), STANDIN_SUMMARY: fixture(summary), STANDIN_EXIT: String(exit) });

  beforeAll(async () => {
    env = await makeEnvironment(`loadtest:\n  scenario: smoke\n  rate: 7\n  duration: 4s\n  thresholds:\n    http_req_duration: ['p(95)<2000']\n    http_req_failed: ['rate<0.05']\n`);
    bin = await mkdtemp(path.join(tmpdir(), 'ferry-k6-bin-'));
    await writeFile(path.join(bin, 'k6'), STAND_IN);
    await chmod(path.join(bin, 'k6'), 0o755);
  });
  afterAll(async () => {
    await env?.cleanup();
    await rm(bin, { recursive: true, force: true });
  });

  it('runs k6 with the scenario script, the router as BASE_URL and the thresholds; a passing summary exits 0', async () => {
    const run = await loadtest('summary-export-legacy-thresholds-passed.json', 0);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ engine: 'k6', scenario: 'smoke', passed: true });
    expect(result.engineNote).toBe(`k6 (${path.join(bin, 'k6')})`);
    const args = JSON.parse(await readFile(record(), 'utf8')) as string[];
    expect(args.slice(0, 4)).toEqual(['run', '--quiet', '--no-color', '--summary-export']);
    expect(args).toContain(`BASE_URL=${env.routerUrl}`);
    expect(args).toContain('PATHS=/health'); // no verify section: the health path alone, nothing guessed
    expect(args).toContain('RATE=7');
    expect(args).toContain('DURATION=4s');
    expect(args).toContain(`THRESHOLDS=${JSON.stringify({ http_req_duration: ['p(95)<2000'], http_req_failed: ['rate<0.05'] })}`);
    expect(args.at(-1)).toBe(path.join(REPO_ROOT, 'packages/k6-scenarios/smoke.js'));
  });

  it('exit 99 (thresholds crossed) fails the gate even when the summary lists no failed threshold: exit 1', async () => {
    const run = await loadtest('summary-export-legacy-all-requests-failed-no-thresholds.json', 99);
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ engine: 'k6', passed: false });
  });
});
