// Durations are written like Go/Kamal durations ("500ms", "2s", "1m30s") and stored in ms.
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const TOKEN = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;

export const DURATION_EXPECTED = 'should be a duration like "2s"';
export const DURATION_HINT = 'write a number followed by a unit: 500ms, 2s, 1m, 1m30s';

/** Milliseconds for a duration string, or null when it is not one (bare numbers are not). */
export function parseDuration(text: string): number | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  TOKEN.lastIndex = 0;
  let total = 0;
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text);
    if (!match) return null;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return Number.isFinite(total) ? Math.round(total) : null;
}

/** Milliseconds back as the shortest duration text ("1m30s", "500ms"), for messages. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('') || '0s';
}
