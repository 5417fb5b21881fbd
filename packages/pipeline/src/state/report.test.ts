import { describe, expect, it } from 'vitest';
import { redactDeep } from './report.js';

describe('redactDeep', () => {
  it('masks secrets in every nested string, leaves numbers, nulls and keys alone', () => {
    const value = { reason: 'connect postgres://u:s3cret-pw@db failed', n: 3, none: null, list: ['x', 'hook https://hooks.example/T/abc'], nested: { note: 's3cret-pw' } };
    expect(redactDeep(value, ['postgres://u:s3cret-pw@db', 'https://hooks.example/T/abc'])).toEqual({
      reason: 'connect [REDACTED] failed',
      n: 3,
      none: null,
      list: ['x', 'hook [REDACTED]'],
      nested: { note: '[REDACTED]' },
    });
  });
});
