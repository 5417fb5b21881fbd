import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../config/redactor.js';
import { printableTo } from './printable-stream.js';

const SECRET = 's3cr3t-value-42';

/** Writes `chunks` through printableTo into a buffer; what reached it after each write, and after the flush. */
function through(chunks: string[], prefix?: string): string[] {
  const out = new PassThrough();
  let seen = '';
  out.on('data', (d) => (seen += d));
  const stream = printableTo(out, new Redactor([SECRET]), prefix);
  const after: string[] = [];
  for (const chunk of chunks) {
    stream.write(Buffer.from(chunk));
    after.push(seen);
  }
  stream.flush();
  after.push(seen);
  return after;
}

describe('printableTo', () => {
  it('masks a secret split across chunks whole and drops control characters, with or without a replica prefix', () => {
    const chunks = ['start split secret: s3cr3t-', 'value-42 (joined)\n\u001b]0;title\u0007tail'];
    expect(through(chunks).at(-1)).toBe('start split secret: [REDACTED] (joined)\ntail');
    expect(through(chunks, 'web-blue-2 | ').at(-1)).toBe('web-blue-2 | start split secret: [REDACTED] (joined)\nweb-blue-2 | tail\n');
  });

  it('with a prefix, writes whole lines only: a line not ended waits for its end or the flush', () => {
    expect(through(['one\ntw', 'o\n', 'three'], 'r2 | ')).toEqual(['r2 | one\n', 'r2 | one\nr2 | two\n', 'r2 | one\nr2 | two\n', 'r2 | one\nr2 | two\nr2 | three\n']);
  });
});
