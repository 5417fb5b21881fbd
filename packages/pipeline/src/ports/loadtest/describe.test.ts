import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { describeK6Exit, k6Argv, k6ScriptEnv, trendStatsFor } from './describe.js';

describe('k6Argv', () => {
  it('runs quietly without colours, exports the legacy summary and passes script variables with -e', () => {
    expect(
      k6Argv({
        script: '/repo/packages/k6-scenarios/smoke.js',
        summaryFile: '/tmp/ferry/summary.json',
        env: { BASE_URL: 'http://127.0.0.1:8080', RATE: '20', DURATION: '30s' },
      }),
    ).toEqual([
      'k6',
      'run',
      '--quiet',
      '--no-color',
      '--summary-export',
      '/tmp/ferry/summary.json',
      '-e',
      'BASE_URL=http://127.0.0.1:8080',
      '-e',
      'RATE=20',
      '-e',
      'DURATION=30s',
      '/repo/packages/k6-scenarios/smoke.js',
    ]);
  });

  it('adds the trend stats and a chosen binary; values stay single argv entries, never shell-quoted', () => {
    expect(
      k6Argv({
        script: 'load.js',
        summaryFile: 's.json',
        env: { GREETING: 'a b; rm -rf /' },
        trendStats: ['avg', 'p(95)', 'p(99)'],
        bin: '/usr/local/bin/k6',
      }),
    ).toEqual(['/usr/local/bin/k6', 'run', '--quiet', '--no-color', '--summary-export', 's.json', '--summary-trend-stats', 'avg,p(95),p(99)', '-e', 'GREETING=a b; rm -rf /', 'load.js']);
  });

  it('refuses a variable name k6 could misread', () => {
    expect(() => k6Argv({ script: 'x.js', summaryFile: 's.json', env: { 'A=B': '1' } })).toThrow(ConfigError);
    expect(() => k6Argv({ script: 'x.js', summaryFile: 's.json', env: { '': '1' } })).toThrow('k6 script variable "" is not a valid name');
  });
});

describe('trendStatsFor', () => {
  it("adds each threshold percentile to k6's defaults once", () => {
    expect(trendStatsFor({ http_req_duration: ['p(95)<500', 'p(99.9)<900', 'max<2000'], grpc_req_duration: ['p(99.9)<5'], http_req_failed: ['rate<0.01'] })).toEqual([
      'avg',
      'min',
      'med',
      'max',
      'p(90)',
      'p(95)',
      'p(99.9)',
    ]);
  });
});

describe('describeK6Exit', () => {
  it('names the codes k6 defines', () => {
    expect([99, 107, 255, 1].map(describeK6Exit)).toEqual([
      '99 (thresholds crossed)',
      '107 (script exception)',
      '255 (error without an exit code (bad flag or unreadable script?))',
      '1',
    ]);
  });
});

describe('k6ScriptEnv', () => {
  it('hands the scripts the router, the environment\'s paths as PATHS, the thresholds and the overrides', () => {
    expect(k6ScriptEnv({ baseUrl: 'http://127.0.0.1:8080', paths: ['/health', '/version'], thresholds: { http_req_failed: ['rate<0.01'] }, rate: 20, durationMs: 1500 })).toEqual({
      BASE_URL: 'http://127.0.0.1:8080',
      PATHS: '/health,/version',
      THRESHOLDS: '{"http_req_failed":["rate<0.01"]}',
      RATE: '20',
      DURATION: '1.5s',
    });
    expect(k6ScriptEnv({ baseUrl: 'http://127.0.0.1:8080', paths: ['/health'], thresholds: {} })).toEqual({ BASE_URL: 'http://127.0.0.1:8080', PATHS: '/health', THRESHOLDS: '{}' });
  });

  it('refuses a path with a comma, which PATHS cannot carry, naming it', () => {
    expect(() => k6ScriptEnv({ baseUrl: 'http://127.0.0.1:8080', paths: ['/health', '/search?q=a,b'], thresholds: {} })).toThrow(
      new ConfigError('load-test path "/search?q=a,b" contains a comma, which k6\'s PATHS cannot carry; list paths without one in loadtest.paths'),
    );
  });
});
