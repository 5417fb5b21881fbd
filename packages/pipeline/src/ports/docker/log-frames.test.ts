import { describe, expect, it } from 'vitest';
import { logFrames } from './log-frames.js';

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('log frames', () => {
  it("each frame's payload in order, whichever stream, nothing of the headers", () => {
    const answer = Buffer.concat([frame(1, 'GET / 200\n'), frame(2, 'nginx: [warn] é\n'), frame(1, '')]);
    expect(logFrames(answer).map((f) => f.toString('utf8'))).toEqual(['GET / 200\n', 'nginx: [warn] é\n', '']);
    expect(logFrames(Buffer.alloc(0))).toEqual([]);
  });

  it('a log of 200 000 lines in one answer, without running out of stack', () => {
    const answer = Buffer.concat(Array.from({ length: 200_000 }, (_, i) => frame(1, `line ${i}\n`)));
    const frames = logFrames(answer);
    expect(frames).toHaveLength(200_000);
    expect(frames.at(-1)!.toString()).toBe('line 199999\n');
  });
});
