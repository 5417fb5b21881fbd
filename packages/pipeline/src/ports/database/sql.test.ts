import { describe, expect, it } from 'vitest';
import { markedJson, rowsReplaced } from './postgres.js';
import { BACKUP_SCRIPT, FINGERPRINT_SQL, RESTORE_BEFORE_SCRIPT, RESTORE_COMPLETE_SQL, ROW_COUNTS_SQL, DROP_USER_SCHEMAS_SQL, restoreProveScript } from './sql.js';
import type { DatabaseFingerprint } from './types.js';

const FP = '<FINGERPRINT_SQL>';
const shorten = (script: string) => script.split(FINGERPRINT_SQL).join(FP);

describe('psql scripts', () => {
  it('backup: one repeatable-read snapshot exported to pg_dump, the fingerprint read in the same transaction', () => {
    expect(shorten(BACKUP_SCRIPT)).toBe(
      [
        'begin isolation level repeatable read, read only;',
        'select pg_export_snapshot() as ferry_snapshot \\gset',
        '\\setenv FERRY_SNAPSHOT :ferry_snapshot',
        '\\set ferry_dumped `pg_dump --snapshot="$FERRY_SNAPSHOT" --format=custom --no-owner --file="$FERRY_DUMP_FILE" && echo true || echo false`',
        '\\if :ferry_dumped',
        `select 'ferry-fingerprint ' || fp::text from (${FP}) as f(fp);`,
        '\\else',
        "do $ferry$ begin raise exception 'ferry: pg_dump failed (its error is above); no backup was taken'; end $ferry$;",
        '\\endif',
        'commit;',
        '',
      ].join('\n'),
    );
  });

  it('restore: row counts, then the drop; the proof raises unless the dump completed and the fingerprint equals the backup’s', () => {
    expect(RESTORE_BEFORE_SCRIPT).toBe(`select 'ferry-rows-before ' || (${ROW_COUNTS_SQL})::text;\n${DROP_USER_SCHEMAS_SQL}\n`);
    expect(RESTORE_COMPLETE_SQL).toBe("select set_config('ferry.restore_complete', 'yes', true);");
    expect(shorten(restoreProveScript('{"schemas":[]}', 'ferry_ab'))).toBe(
      [
        `select (${FP})::text as ferry_restored \\gset`,
        '\\echo ferry-fingerprint :ferry_restored',
        "select current_setting('ferry.restore_complete', true) is distinct from 'yes' as ferry_incomplete,",
        "  :'ferry_restored'::jsonb is distinct from $ferry_ab${\"schemas\":[]}$ferry_ab$::jsonb as ferry_differs \\gset",
        '\\if :ferry_incomplete',
        "do $ferry$ begin raise exception 'ferry: the dump did not restore completely (pg_restore failed or was stopped)'; end $ferry$;",
        '\\elif :ferry_differs',
        "do $ferry$ begin raise exception 'ferry: the restored database differs from the backup'; end $ferry$;",
        '\\endif',
        '',
      ].join('\n'),
    );
    expect(() => restoreProveScript('{"name":"$ferry_ab$"}', 'ferry_ab')).toThrow('the fingerprint contains the quote tag $ferry_ab$');
  });
});

describe('reading a script’s output', () => {
  it('finds the marked JSON line among other output, null when absent', () => {
    expect(markedJson('\nSET\nferry-rows-before [{"rows":1}]\n', 'ferry-rows-before')).toEqual([{ rows: 1 }]);
    expect(markedJson('ERROR: boom\n', 'ferry-fingerprint')).toBeNull();
  });

  it('rows replaced: rows before the restore minus the backup’s, per table; tables new since the backup count whole', () => {
    const backup: DatabaseFingerprint = {
      schemas: ['public'],
      tables: [
        { schema: 'public', name: 'orders', rows: 10, checksum: 'a', columns: [], indexes: [] },
        { schema: 'public', name: 'users', rows: 5, checksum: 'b', columns: [], indexes: [] },
        { schema: 'public', name: 'gone', rows: 2, checksum: 'c', columns: [], indexes: [] },
      ],
    };
    const before = [
      { schema: 'public', name: 'orders', rows: 47 },
      { schema: 'public', name: 'users', rows: 5 },
      { schema: 'public', name: 'cache', rows: 3 },
    ];
    expect(rowsReplaced(backup, before)).toEqual([{ table: 'public.orders', rows: 37 }, { table: 'public.cache', rows: 3 }]);
  });
});
