import { describe, expect, it } from 'vitest';
import { describeInstantQuery } from './describe.js';

describe('describeInstantQuery', () => {
  it('is a GET of /api/v1/query under the url, the query and the step end (seconds) form-encoded', () => {
    expect(describeInstantQuery({ url: 'http://127.0.0.1:9090/prom', query: 'sum(rate(x{c="green"}[30s])) > 0.5 & 1', at: 1_700_000_000_123, timeoutMs: 5000 })).toEqual({
      method: 'GET',
      url: 'http://127.0.0.1:9090/prom/api/v1/query?query=sum%28rate%28x%7Bc%3D%22green%22%7D%5B30s%5D%29%29+%3E+0.5+%26+1&time=1700000000.123',
      headers: { accept: 'application/json' },
    });
  });
});
