import { describe, expect, it } from 'vitest';
import { formatVerification } from './format.js';
import { childEnv, junitSuites, vitestArgv } from './run.js';
import type { VerificationTest } from './vitest-report.js';

const tests: VerificationTest[] = [
  { suite: 'smoke', name: 'GET / answers 200', ok: false, message: 'GET /: expected status 200, got 500', durationMs: 8 },
  { suite: 'smoke', name: 'GET /health answers 200', ok: true, durationMs: 3 },
  { suite: 'dependencies', name: 'Redis check (verify.redis not configured)', ok: true, skipped: true, durationMs: 0 },
];

describe('the runner', () => {
  it('runs only the chosen compiled suites with their own config and a JSON report', () => {
    expect(vitestArgv('/nm/vitest/vitest.mjs', '/pkg/dist/suites', ['smoke', 'rollback-integrity'], '/tmp/r.json')).toEqual([
      '/nm/vitest/vitest.mjs',
      'run',
      '--config',
      '/pkg/dist/suites/vitest.config.js',
      '--reporter=json',
      '--outputFile=/tmp/r.json',
      'smoke.suite.js',
      'rollback-integrity.suite.js',
    ]);
  });

  it('hands the target to the child as JSON, without colours or a calling vitest worker’s variables', () => {
    const target = { baseUrl: 'http://127.0.0.1:1', verify: { endpoints: [], maxP95Ms: 1, samples: 1, concurrency: 1 }, activeTag: 'v1' };
    expect(childEnv({ PATH: '/bin', VITEST: 'true', VITEST_POOL_ID: '1', NODE_OPTIONS: '--inspect', API_URL: 'http://x' }, target)).toEqual({
      PATH: '/bin',
      API_URL: 'http://x',
      FERRY_VERIFY_TARGET: JSON.stringify(target),
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    });
  });

  it('groups tests into JUnit suites in the order asked for', () => {
    expect(junitSuites(['smoke', 'performance', 'dependencies'], tests)).toEqual([
      {
        name: 'smoke',
        cases: [
          { name: 'GET / answers 200', durationMs: 8, failure: 'GET /: expected status 200, got 500' },
          { name: 'GET /health answers 200', durationMs: 3 },
        ],
      },
      { name: 'performance', cases: [] },
      { name: 'dependencies', cases: [{ name: 'Redis check (verify.redis not configured)', durationMs: 0, skipped: 'not configured' }] },
    ]);
  });

  it('formats a readable summary', () => {
    const result = { passed: false, total: 3, failed: 1, tests, junitFile: '/r/reports/junit/verify-staging.xml', baseUrl: 'http://127.0.0.1:8080', durationMs: 2345 };
    expect(formatVerification(result)).toEqual([
      'smoke',
      '  ✗ GET / answers 200 (8 ms)',
      '      GET /: expected status 200, got 500',
      '  ✓ GET /health answers 200 (3 ms)',
      'dependencies',
      '  - Redis check (verify.redis not configured) (skipped)',
      'JUnit XML: /r/reports/junit/verify-staging.xml',
      'verification FAILED: 1 passed, 1 failed, 1 skipped in 2.3 s against http://127.0.0.1:8080',
    ]);
  });
});
