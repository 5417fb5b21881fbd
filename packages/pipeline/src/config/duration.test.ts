import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.js';
import { parseDuration } from './index.js';

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['500ms', 500],
    ['2s', 2000],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['0s', 0],
    ['2s500ms', 2500],
  ])('%s = %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '2', 'fast', '2 s', ' 2s', '2s ', '-1s', 's', '1d', '2sec', '1m30', 'ms'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [500, '500ms'],
    [90_000, '1m30s'],
    [0, '0s'],
    [3_601_000, '1h1s'],
  ])('%i ms = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
