// The router's access log lines (log_format ferry, nginx-config.ts) as samples of what users got:
// when each request started, how long it took, whether it failed, which colour answered.
import { open } from 'node:fs/promises';
import type { ProbeSample } from '../../planning/probe-figures.js';
import type { AccessCursor } from './types.js';

const LINE = /" (\d{3}) \d+ upstream=\S* upstream_status=\S* request_time=([\d.]+) colour=(\S*) msec=([\d.]+)$/;

/**
 * One line → a sample, or null for a line of another format (from before the colour was logged, or not nginx's).
 * A failure is a 5xx: the app's 4xx answers (a user's typo) are not the release failing.
 */
export function accessSample(line: string): ProbeSample | null {
  const found = LINE.exec(line.trimEnd());
  if (!found) return null;
  const [, status, requestTime, colour, msec] = found;
  const ms = Number(requestTime) * 1000;
  return {
    at: Math.round(Number(msec) * 1000 - ms), // msec is when the answer ended
    ms,
    ok: Number(status) < 500,
    ...(colour !== '-' && colour !== '' && { colour }),
  };
}

export const accessSamples = (text: string): ProbeSample[] => text.split('\n').flatMap((line) => accessSample(line) ?? []);

/**
 * Whether the engine's last `asked` lines of a log, kept only from a time on, hold every line from that time: fewer
 * came back than were asked, so at least one of them was older (a log is written in time order).
 */
export const tailReachesBack = (text: string, asked: number): boolean => text.split('\n').length - 1 < asked;

/** A log's lines from a time on, read from its end: `first` lines, then twice as many until they reach back; past `max`, all. */
export async function readFromEnd(read: (tail: number | undefined) => Promise<string>, first: number, max: number): Promise<string> {
  for (let lines = first; lines <= max; lines *= 2) {
    const text = await read(lines);
    if (tailReachesBack(text, lines)) return text;
  }
  return read(undefined);
}

/** The host router's access.log from `offset` on (from its end when the file was rotated since: a new file starts at 0). */
export async function readAccessFile(file: string, cursor: AccessCursor | null): Promise<{ samples: ProbeSample[]; cursor: AccessCursor }> {
  const at = Date.now();
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return { samples: [], cursor: { at, offset: 0 } };
  try {
    const { size } = await handle.stat();
    const from = cursor && cursor.offset <= size ? cursor.offset : cursor ? 0 : size;
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    // a line nginx is still writing ends the read: the next one starts with it
    const text = buffer.toString('utf8');
    const complete = text.lastIndexOf('\n') + 1;
    return { samples: cursor ? accessSamples(text.slice(0, complete)) : [], cursor: { at, offset: from + Buffer.byteLength(text.slice(0, complete)) } };
  } finally {
    await handle.close();
  }
}
