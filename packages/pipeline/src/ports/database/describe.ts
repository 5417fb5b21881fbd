import { ConfigError } from '../../errors.js';

// Pure descriptions of the PostgreSQL client commands. The connection never appears in argv
// (argv is visible to every user through `ps`); it travels in the environment instead.

export type PgEnv = Record<'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGPASSWORD' | 'PGDATABASE', string> & Partial<Record<SslVariable, string>>;

/** The url's TLS parameters and the libpq variables that carry them (the child's PG* are otherwise stripped). */
const SSL_PARAMETERS = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslcrl: 'PGSSLCRL',
} as const;
type SslVariable = (typeof SSL_PARAMETERS)[keyof typeof SSL_PARAMETERS];
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

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
    ...sslEnv(parsed.searchParams),
  };
}

/** `?sslmode=verify-full&sslrootcert=/etc/ssl/db.pem` → PGSSLMODE, PGSSLROOTCERT; none set: libpq's default, `prefer`. */
function sslEnv(params: URLSearchParams): Partial<Record<SslVariable, string>> {
  const env: Partial<Record<SslVariable, string>> = {};
  for (const [parameter, variable] of Object.entries(SSL_PARAMETERS)) {
    const value = params.get(parameter);
    if (value !== null) env[variable] = value;
  }
  if (env.PGSSLMODE !== undefined && !SSL_MODES.includes(env.PGSSLMODE)) {
    throw new ConfigError(`database url: sslmode=${env.PGSSLMODE} is not a libpq sslmode; use one of ${SSL_MODES.join(', ')}`);
  }
  return env;
}

/** The parent environment without any PG* variable (a stray PGSERVICE would redirect us), plus the url's. */
export function clientEnv(pg: PgEnv, parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(parent).filter(([key]) => !key.startsWith('PG')));
  return { ...inherited, ...pg, PGCONNECT_TIMEOUT: '10' };
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

const PSQL_SCRIPT = ['psql', '--no-psqlrc', '--quiet', '--tuples-only', '--no-align', '--set', 'ON_ERROR_STOP=1'];

/** psql running the script on its stdin; the backup script opens its own transaction. */
export function psqlScriptArgv(): string[] {
  return [...PSQL_SCRIPT, '--file', '-'];
}

/**
 * Drop, restore and proof in ONE transaction (chosen over restore-into-a-new-database-and-rename, which
 * needs CREATE DATABASE and must cut every client off): pg_restore prints the dump as SQL into psql
 * through a kernel pipe (never through Node's memory), between the `before` script (row counts, drop)
 * and the `prove` script, which psql runs even when pg_restore dies. The line marking a complete
 * dump is printed only after pg_restore succeeded; without it the proof raises and all rolls back.
 */
export function restorePipelineArgv(opts: { dump: string; before: string; prove: string; complete: string }): string[] {
  const script = `set -o pipefail; { pg_restore --no-owner --file=- -- "$1" && printf '%s\\n' "$2"; } | ${PSQL_SCRIPT.join(' ')} --single-transaction --file "$3" --file - --file "$4"`;
  return ['bash', '-c', script, 'ferry-restore', opts.dump, opts.complete, opts.before, opts.prove];
}

/** The dump's table of contents, one entry a line: `<id>; <catalog oid> <oid> <type> <schema> <name> <owner>`. */
export function pgRestoreListArgv(dump: string): string[] {
  return ['pg_restore', '--list', '--', dump];
}

/**
 * Large objects cannot take part in the one-transaction restore: pg_restore wraps them in its own
 * BEGIN/COMMIT, which would commit the drop and half the restore before the proof runs.
 */
export function holdsLargeObjects(toc: string): boolean {
  return /^\d+; \d+ \d+ (BLOB|BLOBS|BLOB METADATA|LARGE OBJECT|LARGE OBJECTS) /m.test(toc);
}

/** psql running one SQL string in one transaction, stopping at the first error, unaligned tuples only. */
export function psqlArgv(sql: string): string[] {
  return ['psql', '--no-psqlrc', '--set', 'ON_ERROR_STOP=1', '--single-transaction', '--tuples-only', '--no-align', '--command', sql];
}

export const PG_TOOLS = ['pg_dump', 'pg_restore', 'psql'] as const;

