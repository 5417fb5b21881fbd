import { describe, expect, it } from 'vitest';
import type { ReleaseReport } from '../state/report-types.js';
import { figure, fit, formatMs, renderReport, renderReportList, shortHash } from './report-text.js';
import { rejectedReport, rolledBackReport, succeededReport } from './report-test-fixtures.js';

const columns = (line: string) => Array.from(line).length;
/** The report's rolling lines: from its label to the next label. */
const rollingSection = (lines: string[]) => {
  const from = lines.findIndex((line) => line.startsWith('  rolling'));
  const to = lines.findIndex((line, i) => i > from && /^ {2}\S/.test(line));
  return lines.slice(from, to);
};

describe('renderReport', () => {
  it('summarises a successful deploy', () => {
    expect(renderReport(succeededReport)).toEqual([
      'deploy staging v2 → succeeded (exit 0, 12.3 s)',
      '  release   20261124T173000Z-3f9a · app web · 2026-11-24 17:30:00Z',
      '  traffic   blue v1 → green v2',
      '  image     id sha256:4f2a9c81d07b · digest sha256:9b8a7c6d5e4f',
      '  steps     3 done, 1 skipped',
      '            - push: no registry configured',
      '  scan      passed · 0 critical, 2 high, 5 medium, 9 low, 0 unknown',
      '  database  backup 20261124T173001Z-web.dump · migrated',
      '  health    healthy after 2.4 s (3 attempts)',
      '  switch    165 ms',
      '  probe     812 requests, 0 failed · p50 3.1 ms · p95 8.3 ms · max 40 ms',
      '            20/s for 8.0 s on http://127.0.0.1:8080/health',
      '    p95/s   ▁▁▂█▂▁▁▁ 4–30 ms',
      '    fail/s  ········ none',
      '  loadtest  k6 smoke · passed · 1200 requests',
      '            ✓ http_req_duration p(95)<500 (actual 30)',
      '            ✓ http_req_failed rate<0.01 (actual 0)',
      '  verify    passed · 12 tests, 0 failed · junit reports/20261124T173000Z-3f9a.j…',
      '  notify    webhook sent (HTTP 200)',
    ]);
  });

  it('puts the reason first and shows failures in the probe for a rolled-back deploy', () => {
    expect(renderReport(rolledBackReport)).toEqual([
      'deploy staging v3 → rolled back (exit 1, 41.0 s)',
      '  reason    load test failed: http_req_duration p(95)<500 (actual 812.4)',
      '  release   20261124T180000Z-77c1 · app web · 2026-11-24 18:00:00Z',
      '  traffic   blue v1 → green v3',
      '  image     id sha256:4f2a9c81d07b · digest sha256:9b8a7c6d5e4f',
      '  steps     1 done, 1 failed, 1 rolled back',
      '            ↩ switch 170 ms: traffic back on blue v1',
      '            ✗ loadtest 20.0 s: threshold crossed',
      '  scan      skipped: trivy is not on PATH',
      '  database  backup 20261124T180001Z-web.dump · not migrated · restored 7 tables',
      '  health    healthy after 2.4 s (3 attempts)',
      '  switch    165 ms',
      '  probe     118 requests, 5 failed · p50 4 ms · p95 120.5 ms · max 301 ms',
      '            20/s for 6.0 s on http://127.0.0.1:8080/health',
      '    p95/s   ▁▁█▆▁▁ 5–120 ms',
      '    fail/s  ··█▆·· worst 3/s',
      '            first failures: t+2.1s HTTP 502, t+2.2s HTTP 502, t+3.0s ECONNRESET',
      '  loadtest  fallback load · FAILED · k6 not on PATH: Node fallback engine',
      '            ✗ http_req_duration p(95)<500 (actual 812.4)',
      '            ✓ http_req_failed rate<0.01 (actual 0.004)',
      '  notify    webhook failed: connect ECONNREFUSED [webhook]',
      '  warning   old container web-green kept for inspection',
    ]);
  });

  it('shows each canary step with both colours\' figures, analysis.prometheus\'s value, and how the canary ended', () => {
    const side = (requests: number, failures: number, p95Ms: number) => ({ requests, failures, p95Ms });
    const report: ReleaseReport = {
      ...rolledBackReport,
      canary: {
        outcome: 'aborted',
        abortReason: 'step 2 (50 %) failed its analysis: error rate 5.0 %',
        abortToZeroMs: 412,
        spanMs: 30_600,
        steps: [
          { step: 1, weight: 10, extension: 0, durationMs: 10_000, source: 'probe', verdict: 'inconclusive', reason: 'too few', canary: side(12, 0, 3), stable: side(90, 0, 2.5), prometheus: { query: 'q', value: null } },
          { step: 1, weight: 10, extension: 1, durationMs: 10_000, source: 'probe', verdict: 'pass', reason: null, canary: side(60, 0, 3), stable: side(540, 0, 2.5), prometheus: { query: 'q', value: 0.25 } },
          { step: 2, weight: 50, extension: 0, durationMs: 10_000, source: 'probe', verdict: 'fail', reason: 'error rate 5.0 %', canary: side(300, 15, 4), stable: side(300, 0, 2.5) },
        ],
      },
    };
    expect(renderReport(report, { width: 200 }).filter((line) => /canary|^ {12}\d+(\+\d+)?\. /.test(line))).toEqual([
      '  canary    3 steps · aborted, weight 0 confirmed 412 ms after the decision',
      '            1. 10 % for 10.0 s: canary 12 req, 0 failed, p95 3 ms · stable 90 req, 0 failed, p95 2.5 ms (probe) · prometheus no value → inconclusive: too few',
      '            1+1. 10 % for 10.0 s: canary 60 req, 0 failed, p95 3 ms · stable 540 req, 0 failed, p95 2.5 ms (probe) · prometheus 0.25 → pass',
      '            2. 50 % for 10.0 s: canary 300 req, 15 failed, p95 4 ms · stable 300 req, 0 failed, p95 2.5 ms (probe) → fail: error rate 5.0 %',
    ]);
  });

  it('a promoted canary that a later failure rolled back says so, with that rollback\'s own figure', () => {
    const step = { step: 1, weight: 10, extension: 0, durationMs: 10_000, source: 'access log' as const, verdict: 'pass' as const, reason: null, canary: { requests: 60, failures: 0, p95Ms: 3 }, stable: { requests: 540, failures: 0, p95Ms: 2.5 } };
    const canary = { outcome: 'promoted' as const, abortReason: null, abortToZeroMs: null, spanMs: 10_200, steps: [step] };
    const line = (report: ReleaseReport) => renderReport(report, { width: 200 }).find((l) => l.startsWith('  canary'));
    expect(line({ ...rolledBackReport, canary: { ...canary, rolledBackMs: 380 } })).toBe('  canary    1 step · promoted, then rolled back by a later failure: all traffic on stable confirmed in 380 ms');
    expect(line({ ...rolledBackReport, canary: { ...canary, rolledBackMs: null } })).toBe('  canary    1 step · promoted');
    expect(line({ ...rolledBackReport, canary })).toBe('  canary    1 step · promoted');
  });

  it('shows each rolling batch: the replicas started, the gate, every share confirmed through the router, the old replicas taken out', () => {
    const split = (percent: number, blue: number, green: number, confirmMs: number, extra = {}) => ({ percent, newReplicas: 0, oldReplicas: 0, confirmMs, observed: { blue, green, unanswered: 0, routerErrors: 0, probes: blue + green, ...extra } });
    const gate = (ms: number, attempts: number) => ({ passed: true, attempts, ms });
    const report: ReleaseReport = {
      ...succeededReport,
      rolling: {
        colours: { old: 'blue', new: 'green' },
        replicas: 3,
        batchSize: 1,
        plannedBatches: 3,
        outcome: 'replaced',
        failure: null,
        batches: [
          { batch: 1, started: [1], gate: gate(2100, 3), shares: [split(25, 150, 50, 310), split(33, 134, 66, 290)], retired: [1], drainMs: 1000, stopped: [1] },
          { batch: 2, started: [2], gate: gate(1900, 1), shares: [split(50, 99, 100, 280, { unanswered: 1, probes: 200 })], retired: [2], drainMs: 1000, stopped: [2] },
          { batch: 3, started: [3], gate: gate(2000, 2), shares: [split(75, 50, 150, 300), { percent: 100, newReplicas: 3, oldReplicas: 0, confirmMs: 120, observed: null }], retired: [3], drainMs: 1000, stopped: [3] },
        ],
        undo: null,
      },
    };
    expect(rollingSection(renderReport(report))).toEqual([
      '  rolling   3 replicas blue → green, 1 a batch · replaced in 3 batches',
      '            batch 1: started green replica 1 · gate passed in 2.1 s (3 attempts)',
      '              25 % green: blue 150 · green 50 of 200 probes, confirmed in 310 ms',
      '              33 % green: blue 134 · green 66 of 200 probes, confirmed in 290 ms',
      '              took out blue replica 1 · drained in 1.0 s · stopped',
      '            batch 2: started green replica 2 · gate passed in 1.9 s (1 attempt)',
      '              50 % green: blue 99 · green 100 · unanswered 1 of 200 probes, con…',
      '              took out blue replica 2 · drained in 1.0 s · stopped',
      '            batch 3: started green replica 3 · gate passed in 2.0 s (2 attempts)',
      '              75 % green: blue 50 · green 150 of 200 probes, confirmed in 300 ms',
      '              100 % green: green alone, confirmed by the switch in 120 ms',
      '              took out blue replica 3 · drained in 1.0 s · stopped',
    ]);
  });

  it('a rolling update that failed names the batch, what it was doing, why, and what the undo did', () => {
    const started = { batches: [{ batch: 1, started: [1, 2], gate: { passed: false, attempts: null, ms: 15_000 }, shares: [], retired: [], drainMs: null, stopped: [] }] };
    const rolling = (over: Partial<NonNullable<ReleaseReport['rolling']>>): ReleaseReport => ({
      ...rolledBackReport,
      rolling: { colours: { old: 'green', new: 'blue' }, replicas: 4, batchSize: 2, plannedBatches: 2, outcome: 'failed', failure: { batch: 1, phase: 'gate', reason: 'broken on blue did not become healthy' }, ...started, undo: { restarted: [], removed: [1, 2], routerRestored: false }, ...over },
    });
    const section = (report: ReleaseReport) => rollingSection(renderReport(report, { width: 200 }));
    expect(section(rolling({}))).toEqual([
      '  rolling   4 replicas green → blue, 2 a batch · FAILED in batch 1 of 2 at its health gate',
      '            why: broken on blue did not become healthy',
      '            batch 1: started blue replicas 1, 2 · gate FAILED after 15.0 s',
      '            undo: restarted none · removed blue replicas 1, 2 · router never changed',
    ]);
    expect(section(rolling({ undo: null })).at(-1)).toBe('            undo: did not run to its end');
    expect(section(rolling({ outcome: null, failure: null, undo: null }))[0]).toBe('  rolling   4 replicas green → blue, 2 a batch · did not finish (1 of 2 batches begun)');
    const replaced = rolling({ outcome: 'replaced', failure: null, batches: [], undo: { restarted: [1, 2, 3, 4], removed: [1, 2, 3, 4], routerRestored: true } });
    expect(section(replaced)).toEqual([
      '  rolling   4 replicas green → blue, 2 a batch · replaced in 2 batches',
      "            undone after a later failure: restarted green replicas 1, 2, 3, 4 · removed blue replicas 1, 2, 3, 4 · router's upstream put back",
    ]);
  });

  it('stays short when almost everything is null', () => {
    expect(renderReport(rejectedReport)).toEqual([
      'deploy production v4 → rejected (exit 2, 450 ms)',
      '  reason    image web:v4 not found; build it first or pass an existing --tag',
      '  release   20261124T190000Z-0b2e · app web · 2026-11-24 19:00:00Z',
    ]);
  });

  it('names a dry run and a skipped load test', () => {
    const dryRun: ReleaseReport = { ...rejectedReport, outcome: 'dry_run', exitCode: 0, reason: null, loadtest: { skipped: 'dry run: nothing deployed' } };
    expect(renderReport(dryRun)).toEqual([
      'deploy production v4 → dry run (exit 0, 450 ms)',
      '  release   20261124T190000Z-0b2e · app web · 2026-11-24 19:00:00Z',
      '  loadtest  skipped: dry run: nothing deployed',
    ]);
  });

  it('fits every line to a narrow width and shrinks the sparklines to match', () => {
    const perSecond = Array.from({ length: 120 }, (_, second) => ({ second, requests: 20, failures: second === 90 ? 4 : 0, p50: 3, p95: second === 30 ? 200 : 10, max: 210 }));
    const report: ReleaseReport = { ...rolledBackReport, probe: { ...rolledBackReport.probe!, perSecond } };
    const lines = renderReport(report, { width: 40 });
    expect(lines.every((line) => columns(line) <= 40)).toBe(true);
    expect(lines.filter((line) => line.startsWith('    p95/s') || line.startsWith('    fail/s'))).toEqual([
      '    p95/s   ▁▁▁▁█▁▁▁▁▁▁▁▁▁▁▁▁▁ 10–200 ms',
      '    fail/s  ·············█···· worst 4/s',
    ]);
    expect(lines[1]).toBe('  reason    load test failed: http_req_…');
  });

  it('colours by outcome only when asked, after fitting', () => {
    const [header] = renderReport(rolledBackReport, { width: 20, color: true });
    expect(header).toBe('\u001b[33mdeploy staging v3 →…\u001b[39m');
    expect(renderReport(succeededReport, { color: false }).join('')).not.toContain('\u001b');
  });
});

describe('renderReportList', () => {
  it('gives one aligned line per report', () => {
    const rollback: ReleaseReport = { ...succeededReport, id: '20261124T181000Z-aa01', action: 'rollback', tag: 'v1.0.9', startedAt: '2026-11-24T18:10:00.000Z' };
    expect(renderReportList([succeededReport, rolledBackReport, rollback, rejectedReport])).toEqual([
      '20261124T173000Z-3f9a  2026-11-24 17:30:00Z  deploy    v2      succeeded',
      '20261124T180000Z-77c1  2026-11-24 18:00:00Z  deploy    v3      rolled back',
      '20261124T181000Z-aa01  2026-11-24 18:10:00Z  rollback  v1.0.9  succeeded',
      '20261124T190000Z-0b2e  2026-11-24 19:00:00Z  deploy    v4      rejected',
    ]);
  });

  it('is empty for no reports', () => {
    expect(renderReportList([])).toEqual([]);
  });
});

describe('formatting helpers', () => {
  it('formats durations for people', () => {
    expect([formatMs(0), formatMs(165), formatMs(12.34), formatMs(12_300), formatMs(59_949), formatMs(125_000)]).toEqual(['0 ms', '165 ms', '12.3 ms', '12.3 s', '59.9 s', '2m 05s']);
  });

  it('keeps small measured figures readable', () => {
    expect([figure(0), figure(0.004), figure(0.01234), figure(30.0256841), figure(812.44)]).toEqual(['0', '0.004', '0.012', '30', '812.4']);
  });

  it('shortens ids and digests like docker does, leaves other text alone', () => {
    expect(shortHash('sha256:4f2a9c81d07be3a5c6e1f0a2b3c4d5e6')).toBe('sha256:4f2a9c81d07b');
    expect(shortHash('web@sha256:9b8a7c6d5e4f30211a2b')).toBe('sha256:9b8a7c6d5e4f');
    expect(shortHash('4f2a9c81d07be3a5')).toBe('4f2a9c81d07b');
    expect(shortHash('not-a-hash')).toBe('not-a-hash');
  });

  it('cuts by code points and marks the cut', () => {
    expect(fit('▁▂▃▄▅', 5)).toBe('▁▂▃▄▅');
    expect(fit('▁▂▃▄▅', 4)).toBe('▁▂▃…');
    expect(fit('abc', 0)).toBe('');
  });
});
