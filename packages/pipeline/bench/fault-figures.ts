// What bench:faults prints for each fault, and the figures it reads off the load: failed requests, and the
// time from the fault to service that stays up (the first good answer sent after the last failed request).
import type { LoadResult } from '../test/support/load.js';

export interface Row {
  fault: string;
  requests: string; // "failed / total"
  recovery: string; // ms, or what was timed instead, or "n/a"
  converged: string; // "yes — …" / "no — …"
  exits: string; // each command's exit code, in order
}

export const requests = (seen: LoadResult): string => `${seen.failed} / ${seen.sent}`;

/**
 * Milliseconds from `faultAt` (epoch ms) to the first good answer to a request sent after the last failed one:
 * 0 when nothing failed, null when nothing good was sent after the last failure (not recovered while measured).
 */
export function recoveryMs(seen: LoadResult, faultAt: number): number | null {
  const failedAfter = seen.failedSentAt.filter((at) => at >= faultAt);
  if (failedAfter.length === 0) return 0;
  const lastFailed = Math.max(...failedAfter);
  const firstGood = seen.versions.filter((v) => v.sentAt > lastFailed).map((v) => v.at);
  return firstGood.length === 0 ? null : Math.min(...firstGood) - faultAt;
}

export const verdict = (ok: boolean, what: string): string => `${ok ? 'yes' : 'no'} — ${what}`;

/** A fault's row: the load's figures, whether the next command converged and what it said, the exit codes. */
export const row = (seen: LoadResult, converged: { ok: boolean; what: string }, exits: string, recovery = 'n/a'): Omit<Row, 'fault'> => ({
  requests: requests(seen),
  recovery,
  converged: verdict(converged.ok, converged.what),
  exits,
});

/** What a failed load said, in short: the distinct reasons and how often. */
export function failureKinds(seen: LoadResult): string {
  const counts = new Map<string, number>();
  for (const why of seen.failures) counts.set(why, (counts.get(why) ?? 0) + 1);
  return [...counts].map(([why, n]) => `${why}×${n}`).join(', ');
}

/** One table, columns padded to their widest cell; cells keep their text whole (nothing is cut to fit). */
export function renderTable(rows: Row[]): string {
  const header: Row = { fault: 'fault', requests: 'failed / total', recovery: 'time to recovery', converged: 'next command converged', exits: 'exit codes' };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(...[header, ...rows].map((row) => row[key].length)));
  const line = (row: Row) => `| ${keys.map((key, i) => row[key].padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
