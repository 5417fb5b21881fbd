import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trivyArgv } from '../src/ports/scanner/index.js';
import type { ReleaseReport } from '../src/state/report-types.js';
import { ferry, type FerryRun } from './support/ferry.js';
import { freePort, makeEnvironment, pathWithout, readTree, stopNginx, type TestEnvironment } from './support/environment.js';
import { REPO_ROOT } from './support/images.js';

const json = (run: FerryRun) => JSON.parse(run.stdout);

/** A local webhook receiver on 127.0.0.1: records every JSON body it is sent. */
async function startReceiver(): Promise<{ url: string; bodies: { text: string }[]; close: () => Promise<void> }> {
  const bodies: { text: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/services/T000/B000/secret-token-xyz`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

const LOADTEST = (p95: string) => `loadtest:
  scenario: smoke
  rate: 20
  duration: 3s
  thresholds:
    http_req_failed: ['rate<0.01']
    http_req_duration: ['${p95}']
notify: { webhook_env: FERRY_E2E_WEBHOOK }
`;

describe('gates and evidence: probe, fallback load test, report, notifications, scan', () => {
  let env: TestEnvironment;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let yamlFile: string;
  let base: string;
  const outputs: string[] = [];
  const deploy = async (tag: string, extraEnv: NodeJS.ProcessEnv = {}) => {
    // These cases prove the fallback engine: hide a real k6 that CI puts on PATH (its own e2e covers it).
    const run = await ferry(env.args('deploy', '--tag', tag, '--json'), { PATH: pathWithout('k6'), FERRY_E2E_WEBHOOK: receiver.url, ...extraEnv });
    outputs.push(run.stdout, run.stderr);
    return run;
  };
  const report = async (run: FerryRun): Promise<ReleaseReport> => JSON.parse(await readFile(json(run).report, 'utf8'));
  const withYaml = (extra: string) => writeFile(yamlFile, `${base}${extra}`);

  beforeAll(async () => {
    receiver = await startReceiver();
    env = await makeEnvironment('', { monitor: '2s' });
    yamlFile = path.join(env.environmentsDir, `${env.env}.yaml`);
    base = await readFile(yamlFile, 'utf8');
    await withYaml(LOADTEST('p(95)<2000'));
  });
  afterAll(async () => {
    await env?.cleanup();
    await receiver?.close();
  });

  it('a good deploy passes the fallback load test; its report proves the traffic probe saw 0 failures', async () => {
    expect((await deploy('v1')).code).toBe(0);
    const run = await deploy('v2');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('fallback engine, k6 not found');
    expect(run.stderr).toMatch(/\d+ s: \d+ requests, 0 failed/); // the engine's typed counts, printed as its line
    const r = await report(run);
    expect(r).toMatchObject({ outcome: 'succeeded', exitCode: 0, tag: 'v2', from: { version: 'v1' }, to: { version: 'v2' } });
    // Relations, not throughput: the probe covered the 2 s monitor window; a loaded machine may send fewer requests, never more than planned.
    expect(r.probe!.requests).toBeGreaterThan(0);
    expect(r.probe!.failures).toBe(0);
    expect(r.probe!.durationMs).toBeGreaterThanOrEqual(2000);
    expect(r.probe!.perSecond.length).toBeGreaterThan(2);
    expect(r.loadtest).toMatchObject({ engine: 'fallback', engineNote: 'fallback engine, k6 not found', scenario: 'smoke', passed: true });
    expect((r.loadtest as { requests: number }).requests).toBeGreaterThan(0);
    expect((r.loadtest as { requests: number }).requests).toBeLessThanOrEqual(20 * 3);
    expect(r.scan).toMatchObject({ status: 'skipped', reason: expect.stringContaining('trivy not found on PATH') });
    expect(r.steps.map((s) => s.state)).not.toContain('failed');
    expect(r.notifications).toEqual([{ target: 'webhook FERRY_E2E_WEBHOOK', ok: true, status: 200, at: expect.any(String) }]);
    expect(receiver.bodies.at(-1)!.text).toMatch(/deploy v2 to test succeeded/);
    const shown = await ferry(env.args('report'));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/deploy test v2 → succeeded/);
    expect(shown.stdout).toMatch(/[▁▂▃▄▅▆▇█]{3,}/); // the per-second latency sparkline
  });

  it('an impossible threshold fails the load test after the switch: rolled back (warm), exit 1, v2 still serves', async () => {
    await withYaml(LOADTEST('p(95)<0.001'));
    const run = await deploy('v3');
    expect(run.code, run.stderr).toBe(1);
    expect(json(run).message).toMatch(/load test \(fallback engine, k6 not found\): 1 of 2 threshold\(s\) failed: .*p\(95\)<0.001/);
    const r = await report(run);
    expect(r.outcome).toBe('rolled_back');
    expect(r.loadtest).toMatchObject({ passed: false });
    expect(r.probe!.failures).toBe(0);
    expect(r.steps.some((s) => s.state === 'rolled_back' && /Switch traffic back/.test(s.title))).toBe(true);
    expect(((await (await fetch(`${env.routerUrl}/version`)).json()) as { version: string }).version).toBe('v2');
    expect(receiver.bodies.at(-1)!.text).toMatch(/rolled back/);
  });

  it('a failing new version is never routed to: the probe (running since before the start) sees 0 failures', async () => {
    await withYaml(LOADTEST('p(95)<2000'));
    const run = await deploy('broken');
    expect(run.code).toBe(1);
    const r = await report(run);
    expect(r.outcome).toBe('rolled_back');
    expect(r.probe!.requests).toBeGreaterThan(0);
    expect(r.probe!.durationMs).toBeGreaterThanOrEqual(20_000); // it watched through the whole health gate (deploy_timeout 20s)
    expect(r.probe!.failures).toBe(0);
    expect(r.switchMs).toBeNull();
  });

  it('a dead webhook does not fail the deploy; the report records the failure without the url', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/hooks/secret-path-abc`;
    const run = await deploy('v4', { FERRY_E2E_WEBHOOK: dead });
    expect(run.code, run.stderr).toBe(0);
    const r = await report(run);
    expect(r.notifications).toMatchObject([{ ok: false }]);
    expect(json(run).warnings.join(' ')).toMatch(/notification failed/);
    expect(JSON.stringify(r)).not.toContain('secret-path-abc');
  });

  it('a stand-in trivy replaying a real report with CRITICAL findings blocks the deploy before anything starts', async () => {
    const bin = await mkdtemp(path.join(tmpdir(), 'ferry-trivy-'));
    try {
      const argvFile = path.join(bin, 'argv.json');
      await copyFile(path.join(REPO_ROOT, 'packages/pipeline/src/ports/scanner/testdata/stand-in-trivy.mjs'), path.join(bin, 'trivy'));
      await chmod(path.join(bin, 'trivy'), 0o755);
      const run = await deploy('v5', {
        PATH: `${bin}:${process.env.PATH}`,
        STANDIN_ARGV_FILE: argvFile,
        STANDIN_REPORT: path.join(REPO_ROOT, 'fixtures/trivy/image-alpine39-critical-medium.json'),
      });
      expect(run.code, run.stderr).toBe(1);
      expect(json(run).message).toMatch(/scan: 2 finding\(s\) at CRITICAL block/);
      // The scan reads the image pinned by ID for this release, not the tag (which could move meanwhile).
      const { Id } = await new Dockerode().getImage('ferry-e2e/demo-app:v5').inspect();
      expect(JSON.parse(await readFile(argvFile, 'utf8'))).toEqual(trivyArgv({ image: Id, ignoreUnfixed: false, ignoreFile: '/dev/null' }).slice(1));
      const r = await report(run);
      expect(r.scan).toMatchObject({ status: 'failed', counts: { CRITICAL: 2, MEDIUM: 4 } });
      expect(r.to).toMatchObject({ version: 'v5' });
      expect(r.switchMs).toBeNull();
      expect(((await (await fetch(`${env.routerUrl}/version`)).json()) as { version: string }).version).toBe('v4');
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('a router found down (e.g. after a reboot) is started on its current config first: the probe sees no failure', async () => {
    await stopNginx(env.stateDir);
    // SIGTERM is asynchronous: wait (bounded) until the router stops answering, however loaded the machine is.
    const answers = () => fetch(`${env.routerUrl}/version`).then(() => true, () => false);
    for (let i = 0; i < 300 && (await answers()); i++) await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${env.routerUrl}/version`)).rejects.toThrow();
    const run = await deploy('v1');
    expect(run.code, run.stderr).toBe(0);
    expect(json(run).warnings.join(' ')).toMatch(/router of test was not running: started it on its current config \(v4 on \w+\)/);
    const r = await report(run);
    expect(r.probe!.failures).toBe(0);
    expect(r.probe!.requests).toBeGreaterThan(0);
    expect(r.probe!.durationMs).toBeGreaterThanOrEqual(2000); // through the monitor window
  });

  it('a version that passes /health but fails the probed path is rolled back by the probe during the monitor window', async () => {
    await withYaml(`${LOADTEST('p(95)<2000')}probe: { rate: 50, path: / }\n`);
    const run = await deploy('error500');
    expect(run.code, run.stderr).toBe(1);
    expect(json(run).message).toMatch(/monitor: the traffic probe saw \d+ failed request\(s\) through the router: t\+[\d.]+s HTTP 500/);
    const r = await report(run);
    expect(r.outcome).toBe('rolled_back');
    expect(r.probe!.failures).toBeGreaterThan(0); // honest: users saw the 500s until the switch back
    expect(((await (await fetch(`${env.routerUrl}/version`)).json()) as { version: string }).version).toBe('v1');
  });

  it('no webhook url in the state dir or any output', async () => {
    const tree = await readTree(env.stateDir);
    expect(tree).not.toContain('secret-token-xyz');
    expect(outputs.join('\n')).not.toContain('secret-token-xyz');
  });
});
