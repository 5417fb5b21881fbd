import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessSample, accessSamples, readAccessFile, readFromEnd, tailReachesBack } from './access-log.js';

describe('accessSample', () => {
  it('reads start, duration, 5xx as failure and the answering colour from a log_format ferry line', () => {
    const line = '172.18.0.1 [02/Dec/2026:09:10:11 +0000] "GET /health HTTP/1.1" 200 31 upstream=172.18.0.3:3000 upstream_status=200 request_time=0.004 colour=green msec=1796202611.250';
    expect(accessSample(line)).toEqual({ at: 1796202611246, ms: 4, ok: true, colour: 'green' });
    expect(accessSample(line.replace('" 200 31', '" 502 150').replace('colour=green', 'colour=-'))).toEqual({ at: 1796202611246, ms: 4, ok: false });
    expect(accessSample(line.replace('" 200 31', '" 404 20'))?.ok).toBe(true); // a user's 404 is not the release failing
  });

  it('skips lines of an older format and blank lines', () => {
    const old = '172.18.0.1 [02/Dec/2026:09:10:11 +0000] "GET / HTTP/1.1" 200 31 upstream=172.18.0.3:3000 upstream_status=200 request_time=0.004';
    expect(accessSamples(`${old}\n\n`)).toEqual([]);
  });
});

describe('a log read from its end', () => {
  it('is complete when fewer lines came back than were asked', () => {
    expect(tailReachesBack('', 1)).toBe(true);
    expect(tailReachesBack('a\nb\n', 3)).toBe(true);
    expect(tailReachesBack('a\nb\nc\n', 3)).toBe(false);
  });

  it('asks for twice as many lines until they reach back, then for all of them past the max', async () => {
    // 10 lines since the cursor; the engine gives the last `tail` of them (or all)
    const log = Array.from({ length: 10 }, (_, i) => `line ${i}\n`);
    const asked: (number | undefined)[] = [];
    const read = async (tail: number | undefined) => (asked.push(tail), (tail === undefined ? log : log.slice(-tail)).join(''));
    expect(await readFromEnd(read, 2, 16)).toBe(log.join(''));
    expect(asked).toEqual([2, 4, 8, 16]);
    asked.length = 0;
    expect(await readFromEnd(read, 2, 8)).toBe(log.join(''));
    expect(asked).toEqual([2, 4, 8, undefined]);
  });
});

describe('readAccessFile', () => {
  const line = (colour: string, msec: string) => `127.0.0.1 [02/Dec/2026:09:10:11 +0000] "GET / HTTP/1.1" 200 31 upstream=127.0.0.1:18081 upstream_status=200 request_time=0.002 colour=${colour} msec=${msec}\n`;

  it('reads only what was written after the cursor, whole lines only, and starts over after a rotation', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-access-'));
    const file = path.join(dir, 'access.log');
    try {
      await writeFile(file, line('blue', '1796202611.000'));
      const start = await readAccessFile(file, null);
      expect(start.samples).toEqual([]); // a cursor at the end: what came before is not this step's
      await appendFile(file, line('green', '1796202612.000') + line('blue', '1796202613.000').slice(0, 40));
      const first = await readAccessFile(file, start.cursor);
      expect(first.samples.map((s) => s.colour)).toEqual(['green']); // the half-written line waits for the next read
      await appendFile(file, line('blue', '1796202613.000').slice(40));
      expect((await readAccessFile(file, first.cursor)).samples.map((s) => s.colour)).toEqual(['blue']);
      await writeFile(file, line('green', '1796202614.000')); // rotated: a new, shorter file
      expect((await readAccessFile(file, first.cursor)).samples.map((s) => s.colour)).toEqual(['green']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
