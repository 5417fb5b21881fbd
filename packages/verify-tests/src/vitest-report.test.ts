import { describe, expect, it } from 'vitest';
import { cleanFailure, testsFromReport, type VitestJsonReport } from './vitest-report.js';

// Trimmed from real `vitest run --reporter=json` output of these suites.
const REPORT: VitestJsonReport = {
  testResults: [
    {
      name: '/pkg/dist/suites/dependencies.suite.js',
      status: 'passed',
      message: '',
      assertionResults: [{ ancestorTitles: [], title: 'Redis check (verify.redis not configured)', status: 'skipped', failureMessages: [] }],
    },
    {
      name: '/pkg/dist/suites/smoke.suite.js',
      status: 'failed',
      message: '',
      assertionResults: [
        { ancestorTitles: [], title: 'GET / answers 200', status: 'failed', duration: 20.390557, failureMessages: ['GET /: expected status 200, got 500'] },
        { ancestorTitles: [], title: 'GET /health answers 200 with status="ok"', status: 'passed', duration: 9.60650499999997, failureMessages: [] },
      ],
    },
    {
      name: '/pkg/dist/suites/performance.suite.js',
      status: 'failed',
      message: 'FERRY_VERIFY_TARGET is not valid JSON (Expected property name)',
      assertionResults: [],
    },
  ],
};

describe('the vitest JSON report', () => {
  it('becomes one row per test, a file that failed to load counting as one failure', () => {
    expect(testsFromReport(REPORT)).toEqual([
      { suite: 'dependencies', name: 'Redis check (verify.redis not configured)', ok: true, skipped: true, durationMs: 0 },
      { suite: 'smoke', name: 'GET / answers 200', ok: false, message: 'GET /: expected status 200, got 500', durationMs: 20 },
      { suite: 'smoke', name: 'GET /health answers 200 with status="ok"', ok: true, durationMs: 10 },
      { suite: 'performance', name: 'performance suite', ok: false, message: 'FERRY_VERIFY_TARGET is not valid JSON (Expected property name)', durationMs: 0 },
    ]);
  });

  it('failure messages lose colours, stack frames and the error class', () => {
    expect(cleanFailure('\x1b[31mError: GET /: boom\x1b[39m\n    at file:///x.js:1:2\n    at run (y.js:3:4)')).toBe('GET /: boom');
    expect(cleanFailure('VerificationFailure: a\nb')).toBe('a\nb');
  });
});
