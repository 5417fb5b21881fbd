import { describe, expect, it } from 'vitest';
import { checkMarker } from './marker.js';
import { defaultVerify, readTarget, routerBaseUrl } from './target.js';

const verify = { endpoints: [{ path: '/health', status: [200] }], maxP95Ms: 300, samples: 50, concurrency: 50 };

describe('the target the suites check', () => {
  it('comes from FERRY_VERIFY_TARGET, API_URL replacing its address', () => {
    const FERRY_VERIFY_TARGET = JSON.stringify({ baseUrl: 'http://127.0.0.1:8080/', verify, activeTag: 'v2' });
    expect(readTarget({ FERRY_VERIFY_TARGET })).toEqual({ baseUrl: 'http://127.0.0.1:8080', verify, activeTag: 'v2' });
    expect(readTarget({ FERRY_VERIFY_TARGET, API_URL: ' http://127.0.0.1:9000/ ' })).toEqual({ baseUrl: 'http://127.0.0.1:9000', verify, activeTag: 'v2' });
  });

  it('API_URL alone checks that address with the default expectations', () => {
    expect(readTarget({ API_URL: 'http://127.0.0.1:9000' })).toEqual({ baseUrl: 'http://127.0.0.1:9000', verify: defaultVerify('/health'), activeTag: null });
  });

  it('says how to fix a missing or malformed target', () => {
    expect(() => readTarget({})).toThrow('FERRY_VERIFY_TARGET is not set: run the suites through runVerification (ferry validate --env E), or set API_URL=http://host:port');
    expect(() => readTarget({ FERRY_VERIFY_TARGET: '{bad' })).toThrow(/^FERRY_VERIFY_TARGET is not valid JSON \(.*\); it should look like/);
    expect(() => readTarget({ FERRY_VERIFY_TARGET: '{"baseUrl":1}' })).toThrow('FERRY_VERIFY_TARGET should hold {"baseUrl": string, "verify": {"endpoints": […], …}, "activeTag": string|null}');
  });

  it('defaults match the environment file without `verify:`', () => {
    expect(defaultVerify('/healthz')).toEqual({ endpoints: [{ path: '/healthz', status: [200] }], maxP95Ms: 300, samples: 50, concurrency: 50 });
  });

  it('reaches a wildcard router listen address on loopback', () => {
    expect(routerBaseUrl({ host: '0.0.0.0', port: 8080 })).toBe('http://127.0.0.1:8080');
    expect(routerBaseUrl({ host: '127.0.0.1', port: 8280 })).toBe('http://127.0.0.1:8280');
    expect(routerBaseUrl({ host: '::', port: 80 })).toBe('http://[::1]:80');
    expect(routerBaseUrl({ host: '::1', port: 80 })).toBe('http://[::1]:80');
  });
});

describe('the rollback-integrity marker', () => {
  it('must still be listed after the rollback', () => {
    expect(checkMarker('GET /notes', 'ferry-marker-ab', 200, '[{"id":1,"body":"ferry-marker-ab"}]')).toBeUndefined();
    expect(checkMarker('GET /notes', 'ferry-marker-ab', 200, '[]')).toBe('GET /notes: expected the marker "ferry-marker-ab" written before the deploy to still be listed, not found in 2 bytes');
    expect(checkMarker('GET /notes', 'ferry-marker-ab', 503, '{"error":"database unavailable"}')).toBe(
      'GET /notes: expected status 200 listing the marker "ferry-marker-ab", got 503: {"error":"database unavailable"}',
    );
  });
});
