// The migration runner: `node migrate.js up|plan|verify`. Bundled into dist/migrate.js and
// shipped in the image next to server.js, so a deploy can run it in a one-off container.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { HISTORY_TABLE, expectedColumns, loadMigrations, pendingOf, verifyProblems } from './migrations.js';
import { safeMessage } from './redact.js';
import { splitStatements } from './sql-split.js';

// Any fixed number works; every runner of this app must use the same one.
const LOCK_KEY = 4_242_170_001;
const LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 200;
const CONNECT_TIMEOUT_MS = 10_000;
const USAGE = 'usage: node migrate.js up|plan|verify (env: DATABASE_URL, MIGRATIONS_DIR, DEMO_FAULT)';

class UsageError extends Error {}

/** MIGRATIONS_DIR, else `migrations` next to this script (the image), else one level up (dist/ or src/ in the repo). */
function migrationsDir() {
  if (process.env.MIGRATIONS_DIR) return path.resolve(process.env.MIGRATIONS_DIR);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'migrations');
  return existsSync(beside) ? beside : path.join(here, '..', 'migrations');
}

async function appliedIds(client) {
  const { rows } = await client.query('select to_regclass($1) is not null as present', [HISTORY_TABLE]);
  if (!rows[0].present) return null;
  const history = await client.query(`select id from ${HISTORY_TABLE} order by id`);
  return history.rows.map((row) => row.id);
}

/** Runs a script statement by statement, each committing on its own; names the statement that fails. */
async function runWithoutTransaction(client, sql) {
  const statements = splitStatements(sql);
  for (const [index, statement] of statements.entries()) {
    try {
      await client.query(statement);
    } catch (error) {
      error.message = `statement ${index + 1} of ${statements.length}: ${error.message}`;
      throw error;
    }
  }
}

async function apply(client, migration) {
  const record = () => client.query(`insert into ${HISTORY_TABLE} (id) values ($1)`, [migration.id]);
  if (!migration.transaction) {
    await runWithoutTransaction(client, migration.sql);
    await record();
    return;
  }
  // The file and its history row commit together or not at all.
  await client.query('begin');
  try {
    await client.query(migration.sql);
    await record();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * Serialises concurrent runners: the second waits here, then finds nothing pending. It polls
 * pg_try_advisory_lock rather than blocking in pg_advisory_lock, because a blocked statement
 * holds a snapshot and CREATE INDEX CONCURRENTLY in the lock holder waits for every older
 * snapshot to go away: the two would deadlock.
 */
async function acquireLock(client, out) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    const { rows } = await client.query('select pg_try_advisory_lock($1) as locked', [LOCK_KEY]);
    if (rows[0].locked) return;
    if (Date.now() > deadline) throw new Error(`another migration runner held the lock for over ${LOCK_WAIT_MS / 1000} s; try again when it is done`);
    if (attempt === 0) out('waiting for another migration runner to finish');
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

class MigrationFailed extends Error {
  constructor(name, cause) {
    super(`migration ${name} failed: ${cause.message}`);
  }
}

async function up(client, migrations, out) {
  await acquireLock(client, out);
  try {
    await client.query(`create table if not exists ${HISTORY_TABLE} (id text primary key, applied_at timestamptz default now())`);
    const pending = pendingOf(migrations, (await appliedIds(client)) ?? []);
    for (const migration of pending) {
      const started = Date.now();
      await apply(client, migration).catch((error) => {
        throw new MigrationFailed(migration.file, error);
      });
      out(`applied ${migration.id} (${migration.transaction ? '' : 'no transaction, '}${Date.now() - started} ms)`);
    }
    const schema = migrations.at(-1)?.id ?? 'none';
    out(pending.length ? `${pending.length} migration(s) applied; schema at ${schema}` : `nothing to do; schema at ${schema}`);
    if (process.env.DEMO_FAULT === 'migration-halfway') await runHalfwayFault(client, out);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
  }
}

/**
 * DEMO_FAULT=migration-halfway: a bad migration that fails after changing the schema, without
 * a transaction, so its changes stay behind — Ferry's restore must remove them.
 */
async function runHalfwayFault(client, out) {
  const file = path.join(path.dirname(migrationsDir()), 'faults', 'migration-halfway.sql');
  out(`DEMO_FAULT=migration-halfway: running faults/migration-halfway.sql without a transaction`);
  await runWithoutTransaction(client, readFileSync(file, 'utf8')).catch((error) => {
    throw new MigrationFailed('faults/migration-halfway.sql', error);
  });
}

async function plan(client, migrations, out) {
  // Reads only: a missing history table means nothing is applied yet, and stays missing.
  const pending = pendingOf(migrations, (await appliedIds(client)) ?? []);
  for (const migration of pending) out(`pending ${migration.id}`);
  out(pending.length ? `${pending.length} pending migration(s)` : 'nothing to do');
}

async function verify(client, migrations, out) {
  const applied = await appliedIds(client);
  if (!applied) throw new Error(`${HISTORY_TABLE} does not exist: run \`node migrate.js up\``);
  const tables = Object.keys(expectedColumns(migrations));
  const { rows } = await client.query(
    'select table_name, column_name from information_schema.columns where table_schema = current_schema() and table_name = any($1) order by ordinal_position',
    [tables],
  );
  const actual = {};
  for (const row of rows) (actual[row.table_name] ??= []).push(row.column_name);
  const problems = verifyProblems(migrations, applied, actual);
  if (problems.length) throw new Error(`verify failed:\n  ${problems.join('\n  ')}`);
  out(`verified ${applied.length} migration(s); schema at ${applied.at(-1) ?? 'none'}`);
}

const COMMANDS = { up, plan, verify };

async function main(argv) {
  const command = COMMANDS[argv[0]];
  if (!command || argv.length !== 1) throw new UsageError(USAGE);
  const url = process.env.DATABASE_URL;
  if (!url) throw new UsageError('DATABASE_URL is not set; point it at the database to migrate');
  const migrations = loadMigrations(migrationsDir());
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A dropped connection emits 'error' on the client; the pending query rejects as well.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`could not connect to the database: ${error.message}`);
  }
  try {
    await command(client, migrations, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await client.end().catch(() => undefined);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${safeMessage(error, [process.env.DATABASE_URL])}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
