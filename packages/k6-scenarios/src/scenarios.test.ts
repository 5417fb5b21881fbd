import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOptions, parseDurationS, pickPath, resolveTarget } from '../lib/scenario.js';

const packageDir = new URL('../', import.meta.url);
const scenarios = JSON.parse(readFileSync(new URL('scenarios.json', packageDir), 'utf8'));
const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];
const base = { BASE_URL: 'http://127.0.0.1:8080' };

describe('buildOptions', () => {
  it('smoke: constant 5 req/s for 10s, no thresholds unless given', () => {
    expect(buildOptions(scenarios, 'smoke', base)).toEqual({
      scenarios: {
        smoke: { executor: 'constant-arrival-rate', rate: 5, timeUnit: '1s', duration: '10s', preAllocatedVUs: 5, maxVUs: 20 },
      },
      thresholds: {},
      summaryTrendStats: TREND_STATS,
    });
  });

  it('load: constant 50 req/s for 60s', () => {
    expect(buildOptions(scenarios, 'load', base)).toEqual({
      scenarios: {
        load: { executor: 'constant-arrival-rate', rate: 50, timeUnit: '1s', duration: '60s', preAllocatedVUs: 20, maxVUs: 100 },
      },
      thresholds: {},
      summaryTrendStats: TREND_STATS,
    });
  });

  it('stress: ramping arrival rate up in stages to 200/s, then down', () => {
    expect(buildOptions(scenarios, 'stress', base)).toEqual({
      scenarios: {
        stress: {
          executor: 'ramping-arrival-rate',
          startRate: 10,
          timeUnit: '1s',
          preAllocatedVUs: 50,
          maxVUs: 300,
          stages: [
            { target: 50, duration: '20s' },
            { target: 100, duration: '20s' },
            { target: 200, duration: '20s' },
            { target: 0, duration: '10s' },
          ],
        },
      },
      thresholds: {},
      summaryTrendStats: TREND_STATS,
    });
  });

  it('spike: a short burst to 200/s and back', () => {
    expect(buildOptions(scenarios, 'spike', base)).toEqual({
      scenarios: {
        spike: {
          executor: 'ramping-arrival-rate',
          startRate: 5,
          timeUnit: '1s',
          preAllocatedVUs: 50,
          maxVUs: 300,
          stages: [
            { target: 5, duration: '10s' },
            { target: 200, duration: '5s' },
            { target: 200, duration: '10s' },
            { target: 5, duration: '5s' },
            { target: 5, duration: '10s' },
          ],
        },
      },
      thresholds: {},
      summaryTrendStats: TREND_STATS,
    });
  });

  it('RATE, DURATION and THRESHOLDS override a constant-rate scenario', () => {
    const env = {
      ...base,
      RATE: '20',
      DURATION: '1m30s',
      THRESHOLDS: '{"http_req_duration":["p(95)<500"],"http_req_failed":["rate<0.01"]}',
    };
    expect(buildOptions(scenarios, 'load', env)).toEqual({
      scenarios: {
        load: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '90s', preAllocatedVUs: 20, maxVUs: 100 },
      },
      thresholds: { http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'] },
      summaryTrendStats: TREND_STATS,
    });
  });

  it('refuses RATE/DURATION on a ramp, bad values and unknown scenarios, naming the variable', () => {
    expect(() => buildOptions(scenarios, 'stress', { ...base, RATE: '10' })).toThrow(
      'RATE and DURATION override constant-rate scenarios only; "stress" ramps through its stages in scenarios.json',
    );
    expect(() => buildOptions(scenarios, 'smoke', { ...base, RATE: '2.5' })).toThrow('RATE must be a whole number');
    expect(() => buildOptions(scenarios, 'smoke', { ...base, DURATION: 'soon' })).toThrow('DURATION must be seconds');
    expect(() => buildOptions(scenarios, 'smoke', { ...base, THRESHOLDS: '{' })).toThrow('THRESHOLDS is not valid JSON');
    expect(() => buildOptions(scenarios, 'smoke', { ...base, THRESHOLDS: '{"http_reqs":"count>1"}' })).toThrow(
      'THRESHOLDS must map each metric to a list of expressions',
    );
    expect(() => buildOptions(scenarios, 'soak', base)).toThrow('scenario "soak" is not in scenarios.json; valid: smoke, load, stress, spike');
  });
});

describe('resolveTarget and pickPath', () => {
  it('requests exactly the PATHS given and drops trailing slashes from BASE_URL', () => {
    expect(resolveTarget({ BASE_URL: 'http://127.0.0.1:8080/app/', PATHS: '/health' })).toEqual({ baseUrl: 'http://127.0.0.1:8080/app', paths: ['/health'] });
    expect(resolveTarget({ ...base, PATHS: ' /a, /b/c ,' })).toEqual({ baseUrl: 'http://127.0.0.1:8080', paths: ['/a', '/b/c'] });
  });

  it('has no default paths to guess: PATHS is required, as is BASE_URL, and paths must be absolute', () => {
    expect(() => resolveTarget(base)).toThrow('PATHS is required: comma-separated paths the app serves, e.g. -e PATHS=/health,/api/items');
    expect(() => resolveTarget({ PATHS: '/health' })).toThrow('BASE_URL must be an http(s) URL, got ""');
    expect(() => resolveTarget({ ...base, PATHS: 'health' })).toThrow('PATHS must be comma-separated paths starting with "/"');
  });

  it('scenarios.json carries no paths of its own', () => {
    for (const scenario of Object.values(scenarios)) expect(scenario).not.toHaveProperty('paths');
  });

  it('round-robins by iteration number', () => {
    expect([0, 1, 2, 3, 4].map((i) => pickPath(['/a', '/b', '/c'], i))).toEqual(['/a', '/b', '/c', '/a', '/b']);
  });

  it('parses k6-style durations to seconds', () => {
    expect(['45', '45s', '2m', '1h', '1m30s', '500ms'].map(parseDurationS)).toEqual([45, 45, 120, 3600, 90, 0.5]);
  });
});

describe('entry scripts', () => {
  it.each(['smoke', 'load', 'stress', 'spike'])('%s.js builds its own scenario from scenarios.json', (name) => {
    const script = readFileSync(new URL(`${name}.js`, packageDir), 'utf8');
    expect(script).toContain("JSON.parse(open('./scenarios.json'))");
    expect(script).toContain(`export const options = buildOptions(scenarios, '${name}', __ENV);`);
    expect(script).toContain('export default makeIteration(__ENV);');
  });
});
