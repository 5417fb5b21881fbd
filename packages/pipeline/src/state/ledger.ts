import { constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Colour } from '../config/types.js';
import { openNoFollow, readNoFollow } from './no-follow.js';

export type ReleaseAction = 'deploy' | 'rollback' | 'migrate' | 'restore';
export type ReleaseOutcome = 'succeeded' | 'noop' | 'rolled_back' | 'failed_unrecovered';

/** One line of the append-only history: what a command did and how it ended. */
export interface LedgerEntry {
  id: string;
  env: string;
  action: ReleaseAction;
  tag: string;
  imageId: string | null;
  fromColour: Colour | null;
  toColour: Colour | null;
  previousTag: string | null;
  startedAt: string;
  endedAt: string;
  outcome: ReleaseOutcome;
  reason: string | null;
  backupId?: string | null; // the database backup taken before this command changed anything
  migrated?: boolean; // this command ran the database migration
  restored?: boolean; // …and its recovery put the database back from the backup
  warnings?: string[]; // what failed after the release stood (it stands all the same)
}

/** Deploys and rollbacks change what serves; migrate and restore entries only touch the database. */
export const changesTraffic = (entry: LedgerEntry): boolean => entry.action === 'deploy' || entry.action === 'rollback';

export async function appendLedger(file: string, entry: LedgerEntry): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // A symlink planted as history.jsonl is refused, never followed (a root ferry would append through it).
  const handle = await openNoFollow(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
  try {
    await handle.write(JSON.stringify(entry) + '\n');
    await handle.sync(); // the history must survive a crash right after the deploy
  } finally {
    await handle.close();
  }
}

export async function readLedger(file: string): Promise<LedgerEntry[]> {
  return parseLedger((await readNoFollow(file)) ?? '');
}

/** Parse JSON lines; a torn last line (crash mid-append) is skipped, not fatal. */
export function parseLedger(text: string): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as LedgerEntry);
    } catch {
      continue;
    }
  }
  return entries;
}

/** Tags that were live after a successful deploy or rollback, newest first, without repeats. */
export function releasedTags(entries: LedgerEntry[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const entry of [...entries].reverse()) {
    if (entry.outcome !== 'succeeded' || !changesTraffic(entry) || seen.has(entry.tag)) continue;
    seen.add(entry.tag);
    tags.push(entry.tag);
  }
  return tags;
}
