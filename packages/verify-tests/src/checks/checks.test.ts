import { describe, expect, it } from 'vitest';
import { checkJsonFields } from './json-fields.js';
import { checkBurst, checkP95 } from './latency.js';
import { checkStatus, describeStatuses } from './status.js';
import { checkVersion, describeVersionCheck } from './version.js';
import { versionPattern, versionPatternProblem } from './version-pattern.js';

describe('status', () => {
  it('passes an expected status and names the endpoint and expectation otherwise', () => {
    expect(checkStatus('GET /', [200], 200)).toBeUndefined();
    expect(checkStatus('GET /', [200], 500)).toBe('GET /: expected status 200, got 500');
    expect(checkStatus('GET /x', [200, 204], 404)).toBe('GET /x: expected status 200 or 204, got 404');
    expect(describeStatuses([301, 302])).toBe('301 or 302');
  });
});

describe('JSON fields', () => {
  it('checks each field by exact value, dotted paths included', () => {
    const body = { status: 'ok', n: 3, ready: true, db: { state: 'up' } };
    expect(checkJsonFields('GET /health', { status: 'ok', n: 3, ready: true, 'db.state': 'up' }, body)).toEqual([]);
    expect(checkJsonFields('GET /health', { status: 'down', n: '3', 'db.state': 'up', missing: 1, 'db.x.y': 'z' }, body)).toEqual([
      'GET /health: expected field "status" to be "down", got "ok"',
      'GET /health: expected field "n" to be "3", got 3',
      'GET /health: expected field "missing" to be 1, got no such field',
      'GET /health: expected field "db.x.y" to be "z", got no such field',
    ]);
  });

  it('a body that is not a JSON object fails once, naming the fields expected', () => {
    expect(checkJsonFields('GET /', { a: 1, b: 2 }, undefined)).toEqual(['GET /: expected a JSON object with "a", "b", got a body that is not JSON']);
    expect(checkJsonFields('GET /', { a: 1 }, 'text')).toEqual(['GET /: expected a JSON object with "a", got "text"']);
    expect(checkJsonFields('GET /', {}, undefined)).toEqual([]);
  });
});

describe('the opt-in version check (verify.version)', () => {
  const json = (value: unknown) => ({ text: JSON.stringify(value), json: value });
  const plain = (text: string) => ({ text, json: undefined });

  it('json_field: the field (dotted paths allowed) must equal the active tag', () => {
    const field = { path: '/version', jsonField: 'version' };
    expect(checkVersion('GET /version', field, 'v2', json({ version: 'v2' }))).toBeUndefined();
    expect(checkVersion('GET /version', field, 'v2', json({ version: 'v0-lie' }))).toBe('GET /version: expected "version" to be "v2" (the active tag from ferry status), got "v0-lie"');
    expect(checkVersion('GET /version', field, 'v2', json({ tag: 'v2' }))).toBe('GET /version: expected "version" to be "v2" (the active tag from ferry status), got no such field');
    expect(checkVersion('GET /info', { path: '/info', jsonField: 'build.tag' }, 'v2', json({ build: { tag: 'v2' } }))).toBeUndefined();
  });

  it('json_field on a body that is not a JSON object says what came instead', () => {
    const field = { path: '/version', jsonField: 'version' };
    expect(checkVersion('GET /version', field, 'v1', plain('v1'))).toBe('GET /version: expected a JSON object whose "version" is "v1" (the active tag from ferry status), got a body that is not JSON: "v1"');
    expect(checkVersion('GET /version', field, 'v1', json('v1'))).toBe('GET /version: expected a JSON object whose "version" is "v1" (the active tag from ferry status), got "v1"');
  });

  it('body_matches: {tag} stands for the active tag, matched literally', () => {
    const body = { path: '/version', bodyMatches: '^{tag}\\s*$' };
    expect(checkVersion('GET /version', body, 'v1', plain('v1\n'))).toBeUndefined();
    expect(checkVersion('GET /version', body, 'v1', plain('v10'))).toBe('GET /version: expected the body to match /^v1\\s*$/ (body_matches, {tag} = "v1", the active tag from ferry status), got "v10"');
    // A dot in the tag is not "any character".
    expect(checkVersion('GET /version', body, 'v1.2', plain('v1x2'))).toBe('GET /version: expected the body to match /^v1\\.2\\s*$/ (body_matches, {tag} = "v1.2", the active tag from ferry status), got "v1x2"');
    expect(checkVersion('GET /', { path: '/', bodyMatches: '"version":"{tag}"' }, 'v2', json({ app: 'demo', version: 'v2' }))).toBeUndefined();
  });

  it('names the test after where the tag is looked for', () => {
    expect(describeVersionCheck({ path: '/version', jsonField: 'version' }, 'v2')).toBe('in "version"');
    expect(describeVersionCheck({ path: '/version', bodyMatches: '^{tag}$' }, 'v2.1')).toBe('in a body matching /^v2\\.1$/');
  });

  it('a body_matches pattern must hold {tag} and compile', () => {
    expect(versionPattern('^release {tag} \\({tag}\\)$', 'v3').source).toBe('^release v3 \\(v3\\)$');
    expect(versionPatternProblem('^{tag}$')).toBeUndefined();
    expect(versionPatternProblem('^v1$')).toBe('should contain {tag} where the active tag appears');
    expect(versionPatternProblem('({tag}')).toBe('is not a valid regular expression (Unterminated group)');
  });
});

describe('latency', () => {
  it('the p95 check names the endpoint, the p95, the sample count and the limit', () => {
    const fast = Array.from({ length: 50 }, () => 10);
    expect(checkP95('GET /health', fast, 300)).toBeUndefined();
    expect(checkP95('GET /health', [...fast.slice(3), 811.6, 812.2, 900], 300)).toBe('GET /health: p95 812 ms over 50 samples exceeds max_p95_ms 300');
    expect(checkP95('GET /health', [300], 300)).toBeUndefined(); // at the limit passes
  });

  it('a burst passes only when every request answered 2xx, and counts what came instead', () => {
    expect(checkBurst('GET /health', [200, 204, 200])).toBeUndefined();
    expect(checkBurst('GET /health', [200, 500, 'ECONNRESET', 500, 302])).toBe(
      'GET /health: expected all 5 parallel requests to answer 2xx, 4 did not (500 ×2, ECONNRESET ×1, 302 ×1)',
    );
  });
});
