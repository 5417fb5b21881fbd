import { percentile } from '@ferry/shared';

/** Nearest-rank p95 (a latency really observed): `GET /health: p95 812 ms over 50 samples exceeds max_p95_ms 300`, or undefined when within. */
export function checkP95(label: string, samplesMs: readonly number[], maxMs: number): string | undefined {
  const p95 = percentile(samplesMs, 95);
  if (p95 <= maxMs) return undefined;
  return `${label}: p95 ${Math.round(p95)} ms over ${samplesMs.length} samples exceeds max_p95_ms ${maxMs}`;
}

/** A burst outcome: the status answered, or why no answer came (e.g. "timeout after 10000 ms"). */
export type BurstOutcome = number | string;

/** Every parallel request must answer 2xx; the message counts what came back instead. */
export function checkBurst(label: string, outcomes: readonly BurstOutcome[]): string | undefined {
  const bad = outcomes.filter((o) => typeof o !== 'number' || o < 200 || o > 299);
  if (bad.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const o of bad) counts.set(String(o), (counts.get(String(o)) ?? 0) + 1);
  const detail = [...counts].map(([what, n]) => `${what} ×${n}`).join(', ');
  return `${label}: expected all ${outcomes.length} parallel requests to answer 2xx, ${bad.length} did not (${detail})`;
}
