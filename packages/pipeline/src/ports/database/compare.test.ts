import { describe, expect, it } from 'vitest';
import { compareFingerprints } from './compare.js';
import type { DatabaseFingerprint } from './types.js';

const backup: DatabaseFingerprint = {
  schemas: ['public'],
  tables: [
    {
      schema: 'public',
      name: 'notes',
      rows: 3,
      checksum: 'aaa',
      columns: [{ name: 'id', type: 'integer' }, { name: 'body', type: 'text' }],
      indexes: ['notes_pkey'],
    },
    { schema: 'public', name: 'tags', rows: 0, checksum: 'e', columns: [{ name: 'id', type: 'integer' }], indexes: [] },
  ],
};

describe('compareFingerprints', () => {
  it('finds nothing when the fingerprints are equal', () => {
    expect(compareFingerprints(backup, structuredClone(backup))).toEqual([]);
  });

  it('names every difference from the backup to now', () => {
    const now: DatabaseFingerprint = {
      schemas: ['audit', 'public'],
      tables: [
        {
          schema: 'public',
          name: 'notes',
          rows: 5,
          checksum: 'bbb',
          columns: [{ name: 'id', type: 'bigint' }, { name: 'body', type: 'text' }, { name: 'flag', type: 'boolean' }],
          indexes: ['notes_flag_idx', 'notes_pkey'],
        },
        { schema: 'public', name: 'extra', rows: 0, checksum: 'e', columns: [], indexes: [] },
      ],
    };
    expect(compareFingerprints(backup, now)).toEqual([
      'schema audit: not in backup',
      'table public.tags: missing',
      'table public.extra: not in backup',
      'table public.notes: rows 3 → 5',
      'table public.notes: checksum aaa → bbb',
      'table public.notes: column flag: not in backup',
      'table public.notes: column id: type integer → bigint',
      'table public.notes: index notes_flag_idx: not in backup',
    ]);
  });

  it('reports dropped columns, indexes and schemas as missing', () => {
    const now: DatabaseFingerprint = {
      schemas: [],
      tables: [{ ...backup.tables[0]!, columns: [{ name: 'id', type: 'integer' }], indexes: [] }, backup.tables[1]!],
    };
    expect(compareFingerprints(backup, now)).toEqual([
      'schema public: missing',
      'table public.notes: column body: missing',
      'table public.notes: index notes_pkey: missing',
    ]);
  });
});
