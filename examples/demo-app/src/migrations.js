// Migration files and the pure decisions about them (what is pending, what verify complains
// about). The runner in migrate.js does the talking to PostgreSQL.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const HISTORY_TABLE = 'schema_migrations';
const FILE_NAME = /^(\d+)_([a-z0-9_]+)\.sql$/;
const NO_TRANSACTION = '-- ferry:no-transaction';
// `-- ferry:columns notes id body created_at`: the table's full column list once this file is applied.
const COLUMNS = /^--\s*ferry:columns\s+(\w+)\s+(.+)$/gm;

/** One migration from its file name and text. */
export function parseMigration(file, sql) {
  const match = FILE_NAME.exec(file);
  if (!match) throw new Error(`${file}: a migration file must be named NNN_description.sql (lower case, digits, underscores)`);
  const columns = {};
  for (const [, table, list] of sql.matchAll(COLUMNS)) columns[table] = list.trim().split(/\s+/);
  return {
    id: file.slice(0, -'.sql'.length),
    number: Number(match[1]),
    file,
    sql,
    transaction: sql.split('\n', 1)[0].trim() !== NO_TRANSACTION,
    columns,
  };
}

/** The migrations in `dir`, in order. Throws on a badly named .sql file or a reused number. */
export function loadMigrations(dir) {
  let files;
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.sql'));
  } catch (error) {
    throw new Error(`migrations directory ${dir} cannot be read (${error.code ?? error.message}); set MIGRATIONS_DIR`);
  }
  const migrations = files.map((file) => parseMigration(file, readFileSync(path.join(dir, file), 'utf8')));
  migrations.sort((a, b) => a.number - b.number || a.id.localeCompare(b.id));
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].number === migrations[i - 1].number) {
      throw new Error(`${migrations[i - 1].file} and ${migrations[i].file} share the number ${migrations[i].number}; renumber one`);
    }
  }
  return migrations;
}

export const pendingOf = (migrations, appliedIds) => migrations.filter((m) => !appliedIds.includes(m.id));

/** Each table's expected columns after `migrations` (the last declaration of a table wins). */
export function expectedColumns(migrations) {
  return Object.assign({}, ...migrations.map((m) => m.columns));
}

/**
 * What is wrong between the files, the history and the live columns; [] when all agree.
 * `actualColumns`: table → its columns in the database (absent when the table is missing).
 */
export function verifyProblems(migrations, appliedIds, actualColumns) {
  const known = new Set(migrations.map((m) => m.id));
  const problems = [
    ...pendingOf(migrations, appliedIds).map((m) => `${m.id} is not recorded in ${HISTORY_TABLE} (not applied)`),
    ...appliedIds.filter((id) => !known.has(id)).map((id) => `${id} is recorded in ${HISTORY_TABLE} but has no file`),
  ];
  const applied = migrations.filter((m) => appliedIds.includes(m.id));
  for (const [table, expected] of Object.entries(expectedColumns(applied))) {
    const actual = actualColumns[table];
    if (!actual) {
      problems.push(`table ${table} is missing`);
      continue;
    }
    const missing = expected.filter((column) => !actual.includes(column));
    const unexpected = actual.filter((column) => !expected.includes(column));
    if (missing.length) problems.push(`table ${table} lacks column(s) ${missing.join(', ')}`);
    if (unexpected.length) problems.push(`table ${table} has unexpected column(s) ${unexpected.join(', ')}`);
  }
  return problems;
}
