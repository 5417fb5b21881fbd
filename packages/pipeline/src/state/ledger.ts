import { appendLineDurable } from '@ferry/shared';
import type { Colour } from '../config/types.js';
import { describeSkipped, parseLedger } from './ledger-record.js';
import { plantedLink, readNoFollow } from './no-follow.js';

// promote: the switch to a staged release; abort: its removal (deploy --no-switch stages one)
export type ReleaseAction = 'deploy' | 'rollback' | 'migrate' | 'restore' | 'promote' | 'abort';
// abandoned: a second Ctrl+C or SIGTERM stopped the recovery of a failed or cancelled command before it finished
// staged: a deploy stopped after its health gate, nothing switched; aborted: a staged release removed
export type ReleaseOutcome = 'succeeded' | 'noop' | 'rolled_back' | 'failed_unrecovered' | 'abandoned' | 'staged' | 'aborted';

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
export const changesTraffic = (entry: LedgerEntry): boolean => entry.action === 'deploy' || entry.action === 'rollback' || entry.action === 'promote';

/** The history must survive a crash right after the deploy: the append is fsynced, on a line of its own after a torn one. */
export async function appendLedger(file: string, entry: LedgerEntry): Promise<void> {
  try {
    await appendLineDurable(file, JSON.stringify(entry));
  } catch (error) {
    // A symlink planted as history.jsonl is refused, never followed (a root ferry would append through it).
    throw (error as NodeJS.ErrnoException).code === 'ELOOP' ? plantedLink(file) : error;
  }
}

/** The records of the right shape, oldest first; `onSkipped` hears of every other line, by file and number. */
export async function readLedger(file: string, onSkipped: (warning: string) => void): Promise<LedgerEntry[]> {
  const { entries, skipped } = parseLedger((await readNoFollow(file)) ?? '');
  describeSkipped(file, skipped).forEach(onSkipped);
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
