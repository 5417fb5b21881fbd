import { describe, expect, it } from 'vitest';
import type { ThresholdResult } from '../ports/loadtest/types.js';
import { decideLoadtest } from './loadtest-gate.js';

const p95ok: ThresholdResult = { metric: 'http_req_duration', expression: 'p(95)<500', ok: true, actual: 30.0256841 };
const p98bad: ThresholdResult = { metric: 'http_req_duration', expression: 'p(98)<200', ok: false, actual: 241.06767703999992 };
const missing: ThresholdResult = { metric: 'grpc_req_duration', expression: 'med<2', ok: false, reason: 'metric grpc_req_duration was not recorded' };

describe('decideLoadtest with k6', () => {
  it('passes on exit 0 when every threshold passed', () => {
    expect(decideLoadtest({ engine: 'k6', exitCode: 0, judged: [p95ok] })).toEqual({
      passed: true,
      verdict: 'passed',
      failed: [],
      reason: 'k6: all 1 threshold(s) passed',
    });
  });

  it('passes on exit 0 with no thresholds, and says so', () => {
    expect(decideLoadtest({ engine: 'k6', exitCode: 0, judged: [] })).toEqual({
      passed: true,
      verdict: 'passed',
      failed: [],
      reason: 'k6: no thresholds configured, nothing to fail',
    });
  });

  it('fails on exit 0 when the summary shows a failed threshold', () => {
    expect(decideLoadtest({ engine: 'k6', exitCode: 0, judged: [p95ok, p98bad] })).toEqual({
      passed: false,
      verdict: 'failed',
      failed: [p98bad],
      reason: 'k6: 1 of 2 threshold(s) failed: http_req_duration p(98)<200 (actual 241.1)',
    });
  });

  it('fails on exit 99 and lists the failed thresholds', () => {
    expect(decideLoadtest({ engine: 'k6', exitCode: 99, judged: [p98bad, p95ok] })).toEqual({
      passed: false,
      verdict: 'failed',
      failed: [p98bad],
      reason: 'k6 exited 99: 1 of 2 threshold(s) failed: http_req_duration p(98)<200 (actual 241.1)',
    });
  });

  it('fails on exit 99 even when the summary lists no failed threshold', () => {
    expect(decideLoadtest({ engine: 'k6', exitCode: 99, judged: [p95ok] })).toEqual({
      passed: false,
      verdict: 'failed',
      failed: [],
      reason: 'k6 exited 99 (thresholds crossed) although its summary lists no failed threshold',
    });
  });

  it('reports any other exit code as an error, never a pass', () => {
    expect(decideLoadtest({ engine: 'k6', exitCode: 107, judged: [p95ok] })).toEqual({
      passed: false,
      verdict: 'error',
      failed: [],
      reason: 'k6 exited 107 (script exception): the load test did not complete',
    });
    expect(decideLoadtest({ engine: 'k6', exitCode: 255, judged: [] }).verdict).toBe('error');
  });

  it('reports an unknown exit code as an error', () => {
    expect(decideLoadtest({ engine: 'k6', judged: [p95ok] })).toEqual({
      passed: false,
      verdict: 'error',
      failed: [],
      reason: 'k6 exit code unknown: the run cannot be judged',
    });
  });
});

describe('decideLoadtest with the fallback engine', () => {
  it('passes when every threshold passed', () => {
    expect(decideLoadtest({ engine: 'fallback', judged: [p95ok] })).toEqual({
      passed: true,
      verdict: 'passed',
      failed: [],
      reason: 'fallback engine: all 1 threshold(s) passed',
    });
  });

  it('fails on a failed or unjudgeable threshold', () => {
    expect(decideLoadtest({ engine: 'fallback', judged: [p95ok, missing, p98bad] })).toEqual({
      passed: false,
      verdict: 'failed',
      failed: [missing, p98bad],
      reason:
        'fallback engine: 2 of 3 threshold(s) failed: grpc_req_duration med<2 (metric grpc_req_duration was not recorded); http_req_duration p(98)<200 (actual 241.1)',
    });
  });

  it('ignores an exit code, which only k6 has', () => {
    expect(decideLoadtest({ engine: 'fallback', exitCode: 99, judged: [] }).passed).toBe(true);
  });
});
