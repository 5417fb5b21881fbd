import { ConfigError } from '../../errors.js';

// Pure descriptions of the PostgreSQL client commands. The connection never appears in argv
// (argv is visible to every user through `ps`); it travels in the environment instead.

export type PgEnv = Record<'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGPASSWORD' | 'PGDATABASE', string>;

const PROTOCOLS = new Set(['postgres:', 'postgresql:']);

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo the input: it may hold a password.
    throw new ConfigError('database url is not a valid URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  }
  if (!PROTOCOLS.has(parsed.protocol)) {
    throw new ConfigError(`database url must start with postgres:// or postgresql:// (got "${parsed.protocol}//")`);
  }
  return parsed;
}

/** libpq environment variables for a postgres:// URL. */
export function connectionEnv(url: string): PgEnv {
  const parsed = parseUrl(url);
  const user = decodeURIComponent(parsed.username);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname) throw new ConfigError('database url has no host; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  if (!user) throw new ConfigError('database url has no user; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  return {
    PGHOST: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    PGPORT: parsed.port || '5432',
    PGUSER: user,
    PGPASSWORD: decodeURIComponent(parsed.password),
    PGDATABASE: database || user,
  };
}

/** The url with its password replaced, safe for logs and error messages. */
export function redactUrl(url: string): string {
  const parsed = parseUrl(url);
  if (parsed.password) parsed.password = '[REDACTED]';
  return parsed.toString().replace('%5BREDACTED%5D', '[REDACTED]');
}

/** "host:port/database", the part of a connection a human needs to find it. */
export function describeTarget(env: PgEnv): string {
  return `${env.PGHOST}:${env.PGPORT}/${env.PGDATABASE}`;
}

export function pgDumpArgv(opts: { file: string }): string[] {
  return ['pg_dump', '--format=custom', '--no-owner', '--file', opts.file];
}

// An empty --dbname still makes pg_restore connect (instead of printing SQL); libpq then takes PGDATABASE.
export function pgRestoreArgv(opts: { file: string }): string[] {
  return ['pg_restore', '--single-transaction', '--no-owner', '--exit-on-error', '--dbname', '', opts.file];
}

/** psql running one SQL string in one transaction, stopping at the first error, unaligned tuples only. */
export function psqlArgv(sql: string): string[] {
  return ['psql', '--no-psqlrc', '--set', 'ON_ERROR_STOP=1', '--single-transaction', '--tuples-only', '--no-align', '--command', sql];
}

export const PG_TOOLS = ['pg_dump', 'pg_restore', 'psql'] as const;

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

/** One JSON document describing every user table: row count, content checksum, columns, indexes. */
export const FINGERPRINT_SQL = `with s as (
  select nspname as name from pg_namespace where ${USER_SCHEMA}
), t as (
  select table_schema as schema, table_name as name from information_schema.tables
  where table_type = 'BASE TABLE' and table_schema in (select name from s)
)
select json_build_object(
  'schemas', coalesce((select json_agg(name order by name) from s), '[]'),
  'tables', coalesce((select json_agg(json_build_object(
    'schema', t.schema,
    'name', t.name,
    'rows', (xpath('/row/v/text()', query_to_xml(format('select count(*) as v from %I.%I', t.schema, t.name), false, true, '')))[1]::text::bigint,
    'checksum', (xpath('/row/v/text()', query_to_xml(format('select md5(coalesce(string_agg(ferry_row::text, %L order by ferry_row::text), %L)) as v from %I.%I ferry_row', ',', '', t.schema, t.name), false, true, '')))[1]::text,
    'columns', coalesce((select json_agg(json_build_object('name', c.column_name, 'type', c.data_type) order by c.ordinal_position)
      from information_schema.columns c where c.table_schema = t.schema and c.table_name = t.name), '[]'),
    'indexes', coalesce((select json_agg(i.indexname order by i.indexname)
      from pg_indexes i where i.schemaname = t.schema and i.tablename = t.name), '[]')
  ) order by t.schema, t.name) from t), '[]')
)`;
