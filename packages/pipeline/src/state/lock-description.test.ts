import { describe, expect, it } from 'vitest';
import { describeHolder, describeStale, MALFORMED, parseHolder } from './lock-description.js';

const holder = { pid: 42, host: 'ci-1', command: 'ferry deploy --env e', startedAt: '2026-12-02T00:00:00Z' };

describe('deploy.lock description', () => {
  it('a holder record is read; an empty file describes no one', () => {
    expect(parseHolder(JSON.stringify(holder) + '\n')).toEqual(holder);
    expect(parseHolder('')).toBeNull();
    expect(parseHolder(' \n')).toBeNull();
  });

  it('null, {}, a number, a record with wrong types or a torn write is malformed, never trusted', () => {
    for (const text of ['null', '{}', '42', '"x"', '[]', '{"pid":"x","host":{}}', '{"pid":42,"ho']) expect(parseHolder(text)).toBe(MALFORMED);
  });

  it('messages name a holder by pid and host, and a malformed description without quoting it', () => {
    expect(describeHolder(holder)).toBe('pid 42 on ci-1 since 2026-12-02T00:00:00Z (ferry deploy --env e)');
    expect(describeStale(holder)).toBe('pid 42 on ci-1 since 2026-12-02T00:00:00Z (ferry deploy --env e) is no longer running');
    expect(describeStale(MALFORMED)).toBe('deploy.lock holds a malformed description (torn, or not written by ferry)');
  });
});
