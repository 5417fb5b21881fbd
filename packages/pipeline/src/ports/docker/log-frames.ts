// The engine's log answer of a container without a TTY: frames of an 8-byte header (stream, 0, 0, 0, payload size as
// 4 bytes big-endian) and their payload. Read in a loop: docker-modem's demuxStream recurses once per frame, and a
// whole answer of a few thousand lines (a canary step's access log) exceeded the call stack (measured).
export function logFrames(answer: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  let at = 0;
  while (at + 8 <= answer.length) {
    const size = answer.readUInt32BE(at + 4);
    frames.push(answer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return frames;
}
