import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../state/ledger.js';
import { crossingRefusal, describeCrossing, migrationsCrossed } from './migration-crossing.js';

const entry = (id: string, tag: string, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id,
  env: 'staging',
  action: 'deploy',
  tag,
  imageId: null,
  fromColour: null,
  toColour: null,
  previousTag: null,
  startedAt: '2026-11-24T10:00:00Z',
  endedAt: `2026-11-24T10:0${id.slice(1)}:00Z`,
  outcome: 'succeeded',
  reason: null,
  ...extra,
});

describe('migrationsCrossed', () => {
  it('finds migrations that went live after the target last served', () => {
    const ledger = [entry('r1', 'v1'), entry('r2', 'v2', { migrated: true, backupId: 'r2' }), entry('r3', 'v3')];
    expect(migrationsCrossed(ledger, 'v1').map((e) => e.id)).toEqual(['r2']);
    expect(migrationsCrossed(ledger, 'v2')).toEqual([]);
  });

  it('counts `ferry migrate` runs and failed deploys that kept the schema, not ones whose backup was restored', () => {
    const ledger = [
      entry('r1', 'v1'),
      entry('r2', 'v2', { migrated: true, restored: true, outcome: 'rolled_back' }),
      entry('r3', 'v2', { migrated: true, outcome: 'rolled_back' }), // restore_on_failure: false
      entry('r4', 'v3', { action: 'migrate', migrated: true }),
    ];
    expect(migrationsCrossed(ledger, 'v1').map((e) => e.id)).toEqual(['r3', 'r4']);
  });

  it('a version never seen in the history crosses every migration', () => {
    expect(migrationsCrossed([entry('r1', 'v1', { migrated: true })], 'v0').map((e) => e.id)).toEqual(['r1']);
  });
});

describe('describeCrossing', () => {
  it('names the migrations and the backup to restore', () => {
    const text = describeCrossing([entry('r2', 'v2', { migrated: true, backupId: 'r2' })], 'staging', 'v2', 'v1');
    expect(text).toBe(
      "rolling back from v2 to v1 crosses the database migration(s) of v2 (deploy r2, 2026-11-24T10:02:00Z): v1's code may not read the new schema. To put the schema back too, restore the backup taken before it: ferry restore --env staging --backup r2.",
    );
  });
});

describe('crossingRefusal', () => {
  it('keeps the warning (migration, backup) and names its own flag, saying --yes is not it', () => {
    const warning = describeCrossing([entry('r2', 'v2', { migrated: true, backupId: 'r2' })], 'staging', 'v2', 'v1');
    expect(crossingRefusal(warning)).toBe(
      `${warning}\nRefused: crossing a migration needs --allow-schema-crossing (make rollback ALLOW_SCHEMA_CROSSING=1); --yes does not imply it.`,
    );
  });
});
