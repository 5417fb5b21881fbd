import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { unreadableDotenvLines } from './dotenv-lines.js';

describe('env file lines dotenv would skip, by number', () => {
  it('NAME=value forms dotenv reads, comments and blank lines: none', () => {
    const text = ['# plain variables', '', 'A=1', 'export B=two # note', '  C = spaced', 'D: colon', 'E=', "F='single'", 'G="multi', 'line value"', 'H=`tick`', 'I.J-K=dotted'].join('\n');
    expect(unreadableDotenvLines(text)).toEqual([]);
    expect(Object.keys(parse(text))).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I.J-K']);
  });

  it('lines dotenv skips are numbered (with CRLF too), never returned as text', () => {
    const text = ['A=1', 'SECRET_VALUE_WITHOUT_EQUALS', '', '-----BEGIN PRIVATE KEY-----', 'B=2', 'two words=3'].join('\r\n');
    expect(unreadableDotenvLines(text)).toEqual([2, 4, 6]);
    expect(Object.keys(parse(text))).toEqual(['A', 'B']); // what the numbered lines cost
  });
});
