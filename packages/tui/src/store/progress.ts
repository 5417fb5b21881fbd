// Progress hidden in a task's latest output line: build steps, pushed bytes, a health deadline.

export type Progress =
  | { kind: 'steps'; done: number; total: number }
  | { kind: 'bytes'; done: number; total: number; text: string }
  | { kind: 'countdown'; secondsLeft: number }
  | { kind: 'load'; elapsedS: number; requests: number; failures: number };

const STEP = /\bstep\s+(\d+)\s*\/\s*(\d+)/i;
const BYTES = /(\d+(?:\.\d+)?)\s*([kMG]?i?B)\s*\/\s*(\d+(?:\.\d+)?)\s*([kMG]?i?B)\b/;
const LEFT = /(\d+)\s*s\s+left\b/i;
// The load test's progress lines: "12 s: 600 requests, 0 failed".
const LOAD = /^(\d+)\s*s:\s*(\d+)\s+requests,\s*(\d+)\s+failed/;
const UNITS: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, KiB: 1024, MB: 1e6, MiB: 1024 ** 2, GB: 1e9, GiB: 1024 ** 3 };

/** Pure: the progress one output line reports, or null. */
export function progressOf(line: string | undefined): Progress | null {
  if (!line) return null;
  const load = LOAD.exec(line);
  if (load) return { kind: 'load', elapsedS: Number(load[1]), requests: Number(load[2]), failures: Number(load[3]) };
  const step = STEP.exec(line);
  if (step) return { kind: 'steps', done: Number(step[1]), total: Number(step[2]) };
  const bytes = BYTES.exec(line);
  if (bytes) {
    const size = (n: string, unit: string) => Number(n) * (UNITS[unit] ?? 1);
    return { kind: 'bytes', done: size(bytes[1]!, bytes[2]!), total: size(bytes[3]!, bytes[4]!), text: bytes[0] };
  }
  const left = LEFT.exec(line);
  if (left) return { kind: 'countdown', secondsLeft: Number(left[1]) };
  return null;
}

/** ████░░░░ filled in proportion, width cells. */
export function bar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.round(Math.min(1, Math.max(0, done / total)) * width) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function describeProgress(progress: Progress, width = 20): string {
  if (progress.kind === 'steps') return `${bar(progress.done, progress.total, width)} step ${progress.done}/${progress.total}`;
  if (progress.kind === 'bytes') return `${bar(progress.done, progress.total, width)} ${progress.text}`;
  if (progress.kind === 'load') return `load test: ${progress.elapsedS}s elapsed · ${progress.requests} requests · ${progress.failures} failed`;
  return `⏱ ${progress.secondsLeft}s left before the deadline`;
}
