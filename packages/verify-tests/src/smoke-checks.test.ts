import { describe, expect, it } from 'vitest';
import { smokeChecks } from './smoke-checks.js';
import type { VerifySettings } from './target.js';

// The app: /health answers JSON, /version answers plain text; the file asks for statuses only.
const verify: VerifySettings = {
  endpoints: [
    { path: '/health', status: [200], json: { status: 'ok' } },
    { path: '/version', status: [200] },
  ],
  maxP95Ms: 300,
  samples: 50,
  concurrency: 50,
};

describe('the smoke checks a verify section builds', () => {
  it('without verify.version: one check per endpoint and no version check, whatever the active tag', () => {
    const expected = [
      { kind: 'endpoint', name: 'GET /health answers 200 with status="ok"', path: '/health', status: [200], json: { status: 'ok' } },
      { kind: 'endpoint', name: 'GET /version answers 200', path: '/version', status: [200], json: {} },
    ];
    expect(smokeChecks({ verify, activeTag: 'v1' })).toEqual(expected);
    expect(smokeChecks({ verify, activeTag: null })).toEqual(expected);
  });

  it('verify.version with json_field adds the version check on its path', () => {
    const version = { path: '/version', jsonField: 'version' };
    expect(smokeChecks({ verify: { ...verify, version }, activeTag: 'v2' }).slice(2)).toEqual([
      { kind: 'version', name: 'GET /version reports the active tag v2 in "version"', path: '/version', check: version, activeTag: 'v2' },
    ]);
  });

  it('verify.version with body_matches names the pattern with the tag in place', () => {
    const version = { path: '/release', bodyMatches: '^{tag}\\s*$' };
    expect(smokeChecks({ verify: { ...verify, version }, activeTag: 'v1.2' }).slice(2)).toEqual([
      { kind: 'version', name: 'GET /release reports the active tag v1.2 in a body matching /^v1\\.2\\s*$/', path: '/release', check: version, activeTag: 'v1.2' },
    ]);
  });

  it('with verify.version but no active release the version check is listed as skipped', () => {
    const version = { path: '/version', jsonField: 'version' };
    expect(smokeChecks({ verify: { ...verify, version }, activeTag: null }).slice(2)).toEqual([
      { kind: 'version', name: 'GET /version version check (no active tag known)', path: '/version', check: version, activeTag: null },
    ]);
  });
});
