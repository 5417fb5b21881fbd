// Docker answers builds, pushes and imports with HTTP 200 and a stream of JSON lines; a failure
// is only an `error`/`errorDetail` line in that stream, so every stream is scanned here.
import type { Readable } from 'node:stream';

export type StreamEvent =
  | { kind: 'progress'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'aux'; imageId: string }
  | { kind: 'digest'; digest: string };

interface StreamLine {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string; Digest?: string; Tag?: string };
}

/** Decimal units as docker prints them: 512B, 1.0kB, 5.2MB. */
export function byteSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value}B` : `${value.toFixed(1)}${units[unit]}`;
}

export function parseBuildStreamLine(obj: unknown): StreamEvent {
  const line = (obj ?? {}) as StreamLine;
  const message = line.errorDetail?.message ?? line.error;
  if (message !== undefined) return { kind: 'error', message: message.trim() };
  if (line.aux?.ID) return { kind: 'aux', imageId: line.aux.ID };
  if (line.aux?.Digest) return { kind: 'digest', digest: line.aux.Digest };
  if (line.stream !== undefined) return { kind: 'progress', text: line.stream.trim() };
  // Byte counters ("Pushing [==>   ]") become "id: Pushing 5.2MB/10.1MB"; callers throttle them.
  const { current, total } = line.progressDetail ?? {};
  if (current !== undefined) return { kind: 'progress', text: total ? `${line.id}: ${line.status} ${byteSize(current)}/${byteSize(total)}` : '' };
  const text = [line.id, line.status].filter(Boolean).join(': ');
  return { kind: 'progress', text };
}

/** Calls `onLine` with each JSON object of a newline-delimited stream; resolves at its end. */
export function readJsonLines(stream: Readable, onLine: (obj: unknown) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const flush = (text: string) => {
      const trimmed = text.trim();
      if (!trimmed) return;
      try {
        onLine(JSON.parse(trimmed));
      } catch {
        onLine({ stream: trimmed }); // not JSON: pass it on as plain progress text
      }
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(flush);
    });
    stream.on('end', () => {
      flush(buffered);
      resolve();
    });
    stream.on('error', reject);
    stream.on('close', () => resolve()); // an aborted request closes without 'end'
  });
}

export interface ScannedStream {
  errors: string[];
  imageId: string | null;
  digest: string | null;
}

/** Reads a whole Docker JSON stream, forwarding non-empty progress lines. */
export async function scanDockerStream(stream: Readable, onProgress: (line: string) => void): Promise<ScannedStream> {
  const scanned: ScannedStream = { errors: [], imageId: null, digest: null };
  await readJsonLines(stream, (obj) => {
    const event = parseBuildStreamLine(obj);
    if (event.kind === 'error') scanned.errors.push(event.message);
    else if (event.kind === 'aux') scanned.imageId = event.imageId;
    else if (event.kind === 'digest') scanned.digest = event.digest;
    else if (event.text) onProgress(event.text);
  });
  return scanned;
}
