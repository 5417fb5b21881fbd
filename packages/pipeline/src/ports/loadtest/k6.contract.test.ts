import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, FerryError } from '../../errors.js';
import { decideLoadtest } from '../../planning/loadtest-gate.js';
import { k6Argv, K6_INSTALL_URL } from './describe.js';
import { parseK6Summary } from './k6-summary.js';
import { runK6, type OutputStream } from './k6.js';

// A stand-in `k6` on an explicit PATH: it records its argv, copies a real k6 summary to the
// --summary-export path and exits with the code it is told, so the adapter runs a real process.

const FIXTURES = fileURLToPath(new URL('../../../../../fixtures/k6/', import.meta.url));

const STAND_IN = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(process.env.FAKE_K6_RECORD, JSON.stringify({ args, k6Env: Object.keys(process.env).filter((k) => k.startsWith('K6_')) }));
const at = args.indexOf('--summary-export');
if (process.env.FAKE_K6_FIXTURE) fs.copyFileSync(process.env.FAKE_K6_FIXTURE, args[at + 1]);
process.stdout.write('running 10s\\r\\n');
process.stderr.write('level=info msg="starting"\\nlevel=error msg="GoError: boom"\\n');
process.stdout.write('done, no newline');
if (process.env.FAKE_K6_HANG) setInterval(() => {}, 1000);
else process.exitCode = Number(process.env.FAKE_K6_EXIT);
`;

/** What `k6 run --summary-export` writes for this handleSummary data, by the rules of k6's oldJSONSummary. */
function toLegacyExport(data: { metrics: Record<string, { type: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }> }): string {
  const metrics = Object.fromEntries(
    Object.entries(data.metrics).map(([name, metric]) => {
      const flat: Record<string, unknown> = { ...metric.values };
      const thresholds = Object.entries(metric.thresholds ?? {});
      if (thresholds.length > 0) flat.thresholds = Object.fromEntries(thresholds.map(([expression, { ok }]) => [expression, !ok]));
      if (metric.type === 'rate' && 'rate' in flat) {
        flat.value = flat.rate;
        delete flat.rate;
      }
      return [name, flat];
    }),
  );
  return JSON.stringify({ metrics }, null, 4);
}

describe('contract: stand-in k6 behind runK6 and the load-test gate', () => {
  const root = mkdtempSync(join(tmpdir(), 'ferry-k6-contract-'));
  const bin = join(root, 'bin');
  const emptyBin = join(root, 'empty');
  mkdirSync(bin);
  mkdirSync(emptyBin);
  writeFileSync(join(bin, 'k6'), STAND_IN);
  chmodSync(join(bin, 'k6'), 0o755);
  const record = join(root, 'record.json');
  const summaryFile = join(root, 'out', 'summary.json');
  mkdirSync(dirname(summaryFile));
  const httpFailedData = JSON.parse(readFileSync(join(FIXTURES, 'handlesummary-data-http-threshold-failed.json'), 'utf8'));
  const httpFailedLegacy = join(root, 'http-threshold-failed.legacy.json');
  writeFileSync(httpFailedLegacy, toLegacyExport(httpFailedData));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // node's own directory keeps `#!/usr/bin/env node` working; nothing else is on PATH
  const nodeDir = dirname(process.execPath);
  const argv = k6Argv({ script: join(root, 'smoke.js'), summaryFile, env: { BASE_URL: 'http://127.0.0.1:18080', RATE: '5', DURATION: '10s' } });

  function run(opts: { exit?: number; fixture?: string; path?: string; hang?: boolean; timeoutMs?: number; signal?: AbortSignal; extraEnv?: Record<string, string> }) {
    const lines: Array<[OutputStream, string]> = [];
    const env: NodeJS.ProcessEnv = {
      PATH: opts.path ?? [bin, nodeDir].join(delimiter),
      FAKE_K6_RECORD: record,
      FAKE_K6_EXIT: String(opts.exit ?? 0),
      ...(opts.fixture ? { FAKE_K6_FIXTURE: opts.fixture } : {}),
      ...(opts.hang ? { FAKE_K6_HANG: '1' } : {}),
      ...opts.extraEnv,
    };
    const result = runK6({ argv, summaryFile, timeoutMs: opts.timeoutMs ?? 20_000, signal: opts.signal, env, onOutput: (line, stream) => lines.push([stream, line]) });
    return { result, lines };
  }
  const recorded = () => JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; k6Env: string[] };

  it('passes exactly the described argv, relays every output line and drops summary-altering K6_ settings', async () => {
    const { result, lines } = run({
      fixture: join(FIXTURES, 'summary-export-legacy-thresholds-passed.json'),
      extraEnv: { K6_NEW_MACHINE_READABLE_SUMMARY: 'true', K6_NO_THRESHOLDS: 'true', K6_BROWSER_ENABLED: 'false' },
    });
    await result;
    expect(recorded()).toEqual({
      args: ['run', '--quiet', '--no-color', '--summary-export', summaryFile, '-e', 'BASE_URL=http://127.0.0.1:18080', '-e', 'RATE=5', '-e', 'DURATION=10s', join(root, 'smoke.js')],
      k6Env: ['K6_BROWSER_ENABLED'],
    });
    expect(lines.filter(([stream]) => stream === 'stdout')).toEqual([
      ['stdout', 'running 10s'],
      ['stdout', 'done, no newline'],
    ]);
    expect(lines.filter(([stream]) => stream === 'stderr')).toEqual([
      ['stderr', 'level=info msg="starting"'],
      ['stderr', 'level=error msg="GoError: boom"'],
    ]);
  });

  it('exit 0 with a passing real summary → the gate passes', async () => {
    const { exitCode, summary } = await run({ exit: 0, fixture: join(FIXTURES, 'summary-export-legacy-thresholds-passed.json') }).result;
    expect(exitCode).toBe(0);
    expect(summary.format).toBe('legacy');
    expect(decideLoadtest({ engine: 'k6', exitCode, judged: summary.thresholds })).toMatchObject({ passed: true, verdict: 'passed', failed: [] });
  });

  it('the derived legacy export judges exactly as the handleSummary data it came from', () => {
    expect(parseK6Summary(JSON.parse(readFileSync(httpFailedLegacy, 'utf8'))).thresholds).toEqual(parseK6Summary(httpFailedData).thresholds);
  });

  it('exit 99 with the failed-threshold summary → the gate fails naming p(98)<200', async () => {
    const { exitCode, summary } = await run({ exit: 99, fixture: httpFailedLegacy }).result;
    expect(exitCode).toBe(99);
    expect(decideLoadtest({ engine: 'k6', exitCode, judged: summary.thresholds })).toEqual({
      passed: false,
      verdict: 'failed',
      failed: [{ metric: 'http_req_duration', expression: 'p(98)<200', ok: false, actual: 241.06767703999992 }],
      reason: 'k6 exited 99: 1 of 2 threshold(s) failed: http_req_duration p(98)<200 (actual 241.1)',
    });
  });

  it('exit 99 with an all-passed summary still fails the gate', async () => {
    const { exitCode, summary } = await run({ exit: 99, fixture: join(FIXTURES, 'summary-export.api-performance-tracker.json') }).result;
    expect(decideLoadtest({ engine: 'k6', exitCode, judged: summary.thresholds })).toMatchObject({ passed: false, verdict: 'failed', failed: [] });
  });

  it('exit 107 → a FerryError naming the code and the last stderr lines', async () => {
    const { result } = run({ exit: 107, fixture: join(FIXTURES, 'summary-export-legacy-thresholds-passed.json') });
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FerryError);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `k6 exited 107 (script exception): \`${argv.join(' ')}\`; last output:\nlevel=info msg="starting"\nlevel=error msg="GoError: boom"`,
    );
    expect(decideLoadtest({ engine: 'k6', exitCode: 107, judged: [] }).verdict).toBe('error');
  });

  it('missing binary → a ConfigError with the install link', async () => {
    const error = await run({ path: [emptyBin, nodeDir].join(delimiter) }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(K6_INSTALL_URL);
  });

  it('exit 0 without a summary → a FerryError, never a stale file from an earlier run', async () => {
    writeFileSync(summaryFile, readFileSync(join(FIXTURES, 'summary-export-legacy-thresholds-passed.json')));
    const error = await run({ exit: 0 }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as Error).message).toBe(`k6 exited 0 but wrote no summary to ${summaryFile}; check that --summary-mode is not "disabled"`);
    expect(existsSync(summaryFile)).toBe(false);
  });

  it('stops k6 at the timeout, not before', async () => {
    // The stand-in never exits, so settling at all proves the stop; timers fire in deadline order, so
    // this one (due first) has fired by then however loaded the machine is.
    let halfway = false;
    setTimeout(() => (halfway = true), 250);
    const error = await run({ hang: true, timeoutMs: 500 }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as Error).message).toMatch(/^k6 did not finish within 500ms and was stopped; last output:/);
    expect(halfway).toBe(true);
  });

  it('kills k6 when the signal aborts', async () => {
    const controller = new AbortController();
    const { result } = run({ hang: true, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(result).rejects.toThrow(new FerryError('k6 run cancelled'));
  });

  it('does not start k6 when the signal has already aborted', async () => {
    rmSync(record, { force: true });
    await expect(run({ signal: AbortSignal.abort() }).result).rejects.toThrow('k6 run cancelled before it started');
    expect(existsSync(record)).toBe(false);
  });
});
