import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/**
 * Calls `onLine` for each complete, non-blank line of a stream (\n or \r\n); returns a flush for the
 * unterminated rest, to call once the stream has ended. Multi-byte characters split across chunks stay whole.
 */
export function relayLines(stream: Readable, onLine: (line: string) => void): () => void {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (line: string) => {
    if (line.trim()) onLine(line);
  };
  stream.on('data', (chunk: Buffer | string) => {
    const lines = (pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split(/\r?\n/);
    pending = lines.pop() ?? '';
    lines.forEach(emit);
  });
  return () => {
    emit((pending + decoder.end()).replace(/\r$/, ''));
    pending = '';
  };
}

/** The last `count` non-blank lines of a text, for quoting what a failed program said. */
export function lastLines(text: string, count: number): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .slice(-count);
}
