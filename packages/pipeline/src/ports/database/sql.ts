// The SQL and psql scripts Ferry runs, as text: pure descriptions, tested by exact equality.

/** Schemas a user can own: everything except pg_catalog, pg_toast, temp schemas and information_schema. */
const USER_SCHEMA = `nspname !~ '^pg_' and nspname <> 'information_schema'`;

/** Drops every user schema (including public) and recreates public empty, server-side so no identifier is quoted by us. */
export const DROP_USER_SCHEMAS_SQL = `do $ferry$
declare s text;
begin
  for s in select nspname from pg_namespace where ${USER_SCHEMA} loop
    execute format('drop schema %I cascade', s);
  end loop;
  create schema public;
end
$ferry$;`;

/** User tables as (schema, name), for the queries below. */
const USER_TABLES = `select table_schema as schema, table_name as name from information_schema.tables
  where table_type = 'BASE TABLE' and table_schema in (select nspname from pg_namespace where ${USER_SCHEMA})`;

/** The row count of table t (t.schema, t.name), run as its own query so no identifier is quoted by us. */
const ROW_COUNT = `(xpath('/row/v/text()', query_to_xml(format('select count(*) as v from %I.%I', t.schema, t.name), false, true, '')))[1]::text::bigint`;

/** One JSON document describing every user table: row count, content checksum, columns, indexes. */
export const FINGERPRINT_SQL = `with s as (
  select nspname as name from pg_namespace where ${USER_SCHEMA}
), t as (
  ${USER_TABLES}
)
select json_build_object(
  'schemas', coalesce((select json_agg(name order by name) from s), '[]'),
  'tables', coalesce((select json_agg(json_build_object(
    'schema', t.schema,
    'name', t.name,
    'rows', ${ROW_COUNT},
    'checksum', (xpath('/row/v/text()', query_to_xml(format('select md5(coalesce(string_agg(ferry_row::text, %L order by ferry_row::text), %L)) as v from %I.%I ferry_row', ',', '', t.schema, t.name), false, true, '')))[1]::text,
    'columns', coalesce((select json_agg(json_build_object('name', c.column_name, 'type', c.data_type) order by c.ordinal_position)
      from information_schema.columns c where c.table_schema = t.schema and c.table_name = t.name), '[]'),
    'indexes', coalesce((select json_agg(i.indexname order by i.indexname)
      from pg_indexes i where i.schemaname = t.schema and i.tablename = t.name), '[]')
  ) order by t.schema, t.name) from t), '[]')
)`;

/** Each user table's row count, as JSON [{schema, name, rows}]: the state a restore is about to replace. */
export const ROW_COUNTS_SQL = `with t as (
  ${USER_TABLES}
)
select coalesce(json_agg(json_build_object('schema', t.schema, 'name', t.name, 'rows', ${ROW_COUNT}) order by t.schema, t.name), '[]') from t`;

/** Output lines Ferry reads back: `<marker> <json>`, found among whatever else a script prints. */
export const MARK = { fingerprint: 'ferry-fingerprint', rowsBefore: 'ferry-rows-before' } as const;

/**
 * Dump and fingerprint from ONE snapshot, so the fingerprint describes exactly the rows in the dump
 * however busy the live app is: the session exports its snapshot, pg_dump runs (through psql's
 * backtick, as a child of this open session) with --snapshot, then the fingerprint is read in the
 * same repeatable-read transaction. The dump file comes in FERRY_DUMP_FILE.
 */
export const BACKUP_SCRIPT = `begin isolation level repeatable read, read only;
select pg_export_snapshot() as ferry_snapshot \\gset
\\setenv FERRY_SNAPSHOT :ferry_snapshot
\\set ferry_dumped \`pg_dump --snapshot="$FERRY_SNAPSHOT" --format=custom --no-owner --file="$FERRY_DUMP_FILE" && echo true || echo false\`
\\if :ferry_dumped
select '${MARK.fingerprint} ' || fp::text from (${FINGERPRINT_SQL}) as f(fp);
\\else
do $ferry$ begin raise exception 'ferry: pg_dump failed (its error is above); no backup was taken'; end $ferry$;
\\endif
commit;
`;

/** Printed into the restore stream only once pg_restore exited 0: the proof refuses to commit without it. */
export const RESTORE_COMPLETE_SQL = "select set_config('ferry.restore_complete', 'yes', true);";

/** First in the restore transaction: the row counts about to be replaced, then every user schema dropped. */
export const RESTORE_BEFORE_SCRIPT = `select '${MARK.rowsBefore} ' || (${ROW_COUNTS_SQL})::text;
${DROP_USER_SCHEMAS_SQL}
`;

export const RESTORE_DIFFERS = 'ferry: the restored database differs from the backup';
export const RESTORE_INCOMPLETE = 'ferry: the dump did not restore completely (pg_restore failed or was stopped)';

/**
 * Last in the restore transaction, before COMMIT: the restored fingerprint must equal the backup's,
 * else an exception rolls everything back. Writers wait on the restore's locks, so what they write
 * afterwards cannot make this fail. `expected` is embedded under a dollar-quote tag it cannot contain.
 */
export function restoreProveScript(expected: string, tag: string): string {
  if (expected.includes(`$${tag}$`)) throw new Error(`restoreProveScript: the fingerprint contains the quote tag $${tag}$`);
  return `select (${FINGERPRINT_SQL})::text as ferry_restored \\gset
\\echo ${MARK.fingerprint} :ferry_restored
select current_setting('ferry.restore_complete', true) is distinct from 'yes' as ferry_incomplete,
  :'ferry_restored'::jsonb is distinct from $${tag}$${expected}$${tag}$::jsonb as ferry_differs \\gset
\\if :ferry_incomplete
do $ferry$ begin raise exception '${RESTORE_INCOMPLETE}'; end $ferry$;
\\elif :ferry_differs
do $ferry$ begin raise exception '${RESTORE_DIFFERS}'; end $ferry$;
\\endif
`;
}
