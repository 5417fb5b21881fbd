import { describe, expect, it } from 'vitest';
import { NO_KEY, splitKeys } from './use-keys.js';

describe('splitKeys', () => {
  it('cuts a burst of plain characters into the keys Ink would have named one by one', () => {
    expect(splitKeys('vV1\r\x7f\n\t\x03', NO_KEY)).toEqual([
      ['v', NO_KEY],
      ['V', { ...NO_KEY, shift: true }],
      ['1', NO_KEY],
      ['', { ...NO_KEY, return: true }],
      ['', { ...NO_KEY, backspace: true }],
      ['', { ...NO_KEY, return: true }],
      ['', { ...NO_KEY, tab: true }],
      ['c', { ...NO_KEY, ctrl: true }],
    ]);
  });

  it('leaves one key, and a sequence Ink already named (arrows, page keys), as they came', () => {
    const up = { ...NO_KEY, upArrow: true };
    const pageUp = { ...NO_KEY, pageUp: true };
    expect(splitKeys('[A', up)).toEqual([['[A', up]]);
    expect(splitKeys('[5~', pageUp)).toEqual([['[5~', pageUp]]);
    expect(splitKeys('y', NO_KEY)).toEqual([['y', NO_KEY]]);
    expect(splitKeys('', { ...NO_KEY, return: true })).toEqual([['', { ...NO_KEY, return: true }]]);
  });
});
