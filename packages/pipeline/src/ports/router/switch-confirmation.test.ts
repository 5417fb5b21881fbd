import { describe, expect, it } from 'vitest';
import { describeProbe, servesTarget } from './switch-confirmation.js';

const green = { colour: 'green' as const, port: 18082, version: 'v2' };

describe('servesTarget', () => {
  it('accepts any app answer routed to the target colour and port', () => {
    expect(servesTarget({ colour: 'green', upstream: '127.0.0.1:18082', status: 200 }, green)).toBe(true);
    expect(servesTarget({ colour: 'green', upstream: '127.0.0.1:18082', status: 404 }, green)).toBe(true);
  });

  it('rejects the old colour, another port, gateway errors and silence', () => {
    expect(servesTarget({ colour: 'blue', upstream: '127.0.0.1:18081', status: 200 }, green)).toBe(false);
    expect(servesTarget({ colour: 'green', upstream: '127.0.0.1:18081', status: 200 }, green)).toBe(false);
    expect(servesTarget({ colour: 'green', upstream: '127.0.0.1:18082', status: 502 }, green)).toBe(false);
    expect(servesTarget(null, green)).toBe(false);
  });

  it('confirms "no active release" only from the router\'s own 503', () => {
    expect(servesTarget({ colour: null, upstream: null, status: 503 }, null)).toBe(true);
    expect(servesTarget({ colour: 'blue', upstream: '127.0.0.1:18081', status: 503 }, null)).toBe(false);
  });
});

describe('describeProbe', () => {
  it('names what answered', () => {
    expect(describeProbe({ colour: 'blue', upstream: '127.0.0.1:18081', status: 200 })).toBe(
      'status 200, X-Ferry-Colour blue, X-Ferry-Upstream 127.0.0.1:18081',
    );
    expect(describeProbe(null)).toBe('nothing answered');
  });
});
