import { describe, expect, it } from 'vitest';
import { lineCollector } from './lines.js';

describe('lineCollector', () => {
  it('joins lines split across chunks, strips CR, flushes the last partial line and keeps a bounded tail', () => {
    const seen: string[] = [];
    const lines = lineCollector((l) => seen.push(l), 2);
    lines.write('one\ntw');
    lines.write(Buffer.from('o\r\nthree'));
    expect(seen).toEqual(['one', 'two']);
    lines.end();
    expect(seen).toEqual(['one', 'two', 'three']);
    expect(lines.tail()).toEqual(['two', 'three']);
  });
});
