import { z } from 'zod';
import type { LedgerEntry } from './ledger.js';

// Every line of history.jsonl is checked against this shape before anything reads it: a hand-edited
// `null` or `{}`, or a line torn by a crash, is skipped with a warning instead of crashing every command.
const colour = z.enum(['blue', 'green']).nullable();
const ledgerEntrySchema = z.object({
  id: z.string(),
  env: z.string(),
  action: z.enum(['deploy', 'rollback', 'migrate', 'restore', 'promote', 'abort']),
  tag: z.string(),
  imageId: z.string().nullable(),
  fromColour: colour,
  toColour: colour,
  previousTag: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string(),
  outcome: z.enum(['succeeded', 'noop', 'rolled_back', 'failed_unrecovered', 'abandoned', 'staged', 'aborted']),
  reason: z.string().nullable(),
  backupId: z.string().nullable().optional(),
  migrated: z.boolean().optional(),
  restored: z.boolean().optional(),
  warnings: z.array(z.string()).optional(),
}) satisfies z.ZodType<LedgerEntry>;

export interface ParsedLedger {
  entries: LedgerEntry[];
  skipped: { line: number; problem: string }[]; // 1-based line numbers; the problem never quotes the line
}

/** Parse JSON lines, keeping the records of the right shape and naming every other line by number. */
export function parseLedger(text: string): ParsedLedger {
  const parsed: ParsedLedger = { entries: [], skipped: [] };
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const torn = index === lines.length - 1; // no newline after it: a crash cut the append short
    const problem = problemOf(line, torn);
    if (typeof problem === 'string') parsed.skipped.push({ line: index + 1, problem });
    else parsed.entries.push(problem.entry);
  });
  return parsed;
}

function problemOf(line: string, torn: boolean): string | { entry: LedgerEntry } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return torn ? 'a torn last line (a crash cut its append short)' : 'not JSON (torn by a crash, or edited by hand)';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `not a release record (JSON ${kindOf(value)})`;
  const result = ledgerEntrySchema.safeParse(value);
  if (result.success) return { entry: result.data };
  const keys = [...new Set(result.error.issues.map((issue) => issue.path.join('/') || '(record)'))];
  return `not a release record (missing or invalid: ${keys.join(', ')})`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** One warning per skipped line, naming the file and the line (never its text: it may be anything). */
export function describeSkipped(file: string, skipped: ParsedLedger['skipped']): string[] {
  return skipped.map(({ line, problem }) => `${file} line ${line}: skipped, ${problem}; the other lines are read as usual`);
}
