// Container output on its way to the terminal: masked, printable, and (several replicas at once) each line headed by its replica.
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import type { Redactor } from '../config/index.js';
import { linePrefixer } from '../planning/log-replicas.js';
import { printable } from '../planning/printable.js';

/**
 * A stream into `out`: a secret split across chunks is masked whole (the redactor holds back a tail), control characters
 * never reach the terminal; with a `prefix`, only whole lines are written, each headed by it (lines of streams written
 * to the same `out` never mix). flush(): the held-back end, masked.
 */
export function printableTo(out: NodeJS.WritableStream, redactor: Redactor, prefix = ''): Writable & { flush: () => void } {
  const decoder = new StringDecoder('utf8'); // a character split across chunks is kept whole
  const masked = redactor.stream();
  const lines = prefix ? linePrefixer(prefix) : { write: (text: string) => text, end: () => '' };
  const writer = new Writable({ write: (chunk: Buffer, _enc, done) => (out.write(lines.write(printable(masked.write(decoder.write(chunk))))), done()) });
  return Object.assign(writer, { flush: () => void out.write(lines.write(printable(masked.write(decoder.end()) + masked.end())) + lines.end()) });
}
