// Docker answers builds, pushes and imports with HTTP 200 and a stream of JSON lines; a failure
// is only an `error`/`errorDetail` line in that stream, so every stream is scanned here.
import type { Readable } from 'node:stream';
import type { DockerProgress, DockerProgressSink } from './types.js';

export type StreamEvent =
  | DockerProgress
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

/** Docker's progress as the line it would print: "Step 3/7 : COPY . .", "5f70bf18a086: Pushing 5.2MB/10.1MB". */
export function dockerProgressLine(progress: DockerProgress): string {
  switch (progress.kind) {
    case 'line':
      return progress.text;
    case 'build-step':
      return `Step ${progress.step}/${progress.total} : ${progress.instruction}`;
    case 'push-bytes':
      return `${progress.layer}: ${progress.status} ${byteSize(progress.done)}/${byteSize(progress.total)}`;
  }
}

// The classic builder gives its step count only as text; this is Docker's own format ("Step %d/%d : %s").
const BUILD_STEP = /^Step (\d+)\/(\d+) : (.*)$/s;

function streamLine(text: string): DockerProgress {
  const step = BUILD_STEP.exec(text);
  return step ? { kind: 'build-step', step: Number(step[1]), total: Number(step[2]), instruction: step[3]! } : { kind: 'line', text };
}

export function parseBuildStreamLine(obj: unknown): StreamEvent {
  const line = (obj ?? {}) as StreamLine;
  const message = line.errorDetail?.message ?? line.error;
  if (message !== undefined) return { kind: 'error', message: message.trim() };
  if (line.aux?.ID) return { kind: 'aux', imageId: line.aux.ID };
  if (line.aux?.Digest) return { kind: 'digest', digest: line.aux.Digest };
  if (line.stream !== undefined) return streamLine(line.stream.trim());
  // Byte counters ("Pushing [==>   ]") arrive hundreds of times a second; callers throttle them.
  const { current, total } = line.progressDetail ?? {};
  if (current !== undefined) return total ? { kind: 'push-bytes', layer: line.id ?? '', status: line.status ?? '', done: current, total } : { kind: 'line', text: '' };
  const text = [line.id, line.status].filter(Boolean).join(': ');
  return { kind: 'line', text };
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

/** Reads a whole Docker JSON stream, forwarding its progress (empty lines left out). */
export async function scanDockerStream(stream: Readable, onProgress: DockerProgressSink): Promise<ScannedStream> {
  const scanned: ScannedStream = { errors: [], imageId: null, digest: null };
  await readJsonLines(stream, (obj) => {
    const event = parseBuildStreamLine(obj);
    if (event.kind === 'error') scanned.errors.push(event.message);
    else if (event.kind === 'aux') scanned.imageId = event.imageId;
    else if (event.kind === 'digest') scanned.digest = event.digest;
    else if (event.kind !== 'line' || event.text) onProgress(event);
  });
  return scanned;
}
