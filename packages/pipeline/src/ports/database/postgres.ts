import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { writeFileAtomic } from '@ferry/shared';
import { ConfigError, FerryError } from '../../errors.js';
import { dumpPath, metadataPath } from './backups.js';
import { compareFingerprints } from './compare.js';
import { connectionEnv, describeTarget, holdsLargeObjects, PG_TOOLS, pgRestoreListArgv, psqlArgv, psqlScriptArgv, restorePipelineArgv } from './describe.js';
import { ensureOk, missingTool, runPg } from './exec.js';
import {
  BACKUP_SCRIPT,
  FINGERPRINT_SQL,
  MARK,
  RESTORE_BEFORE_SCRIPT,
  RESTORE_COMPLETE_SQL,
  RESTORE_DIFFERS,
  restoreProveScript,
} from './sql.js';
import type { BackupMetadata, DatabaseFingerprint, RestoreResult, RowsReplaced } from './types.js';

/** Fails with one ConfigError naming every missing client binary. */
export async function checkTools(): Promise<void> {
  const missing: string[] = [];
  for (const tool of PG_TOOLS) {
    try {
      await runPg([tool, '--version'], null, { timeoutMs: 10_000 });
    } catch (error) {
      if (error instanceof ConfigError) missing.push(tool);
      else throw error;
    }
  }
  if (missing.length === 1) throw missingTool(missing[0]!);
  if (missing.length > 1) {
    throw new ConfigError(`${missing.join(', ')} are not installed (not found on PATH); install them with: apt-get install postgresql-client`);
  }
}

/** Proves the url reaches the database with working credentials; a ConfigError (exit 2) otherwise. */
export async function checkConnection(url: string): Promise<void> {
  const env = connectionEnv(url);
  const result = await runPg(psqlArgv('select 1'), url, { timeoutMs: 20_000 });
  if (result.code === 0 && result.stdout.trim() === '1') return;
  const said = result.stderr.trim() || result.stdout.trim() || '(no output)';
  throw new ConfigError(
    `cannot connect to database "${env.PGDATABASE}" at ${env.PGHOST}:${env.PGPORT} as user "${env.PGUSER}": ${said}\n` +
      'Fix: check the database url (host, port, user, password, database) in the environment secrets and that the server is running and reachable.',
  );
}

/** Schemas, tables, row counts, content checksums, columns and indexes: what a restore must reproduce. */
export async function fingerprint(url: string): Promise<DatabaseFingerprint> {
  const result = ensureOk('reading the database fingerprint', url, await runPg(psqlArgv(FINGERPRINT_SQL), url));
  return JSON.parse(result.stdout.trim()) as DatabaseFingerprint;
}

/** The JSON a script printed after `marker `, or null when it never got that far. */
export function markedJson<T>(stdout: string, marker: string): T | null {
  const line = stdout.split('\n').find((l) => l.startsWith(`${marker} `));
  return line === undefined ? null : (JSON.parse(line.slice(marker.length + 1)) as T);
}

/** Streamed, so a dump of any size hashes in constant memory (readFile stops at 2 GiB). */
export async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Refuses to leave a dump readable by anyone but the owner. */
async function ensurePrivate(file: string): Promise<void> {
  await chmod(file, 0o600);
  const mode = (await stat(file)).mode & 0o777;
  if (mode !== 0o600) throw new FerryError(`${file} has mode ${mode.toString(8)}, expected 600; fix the file system permissions`);
}

/** pg_dump and the fingerprint from one snapshot (see BACKUP_SCRIPT); the fingerprint is what the dump holds. */
async function dumpWithFingerprint(url: string, file: string): Promise<DatabaseFingerprint> {
  const result = await runPg(psqlScriptArgv(), url, { input: BACKUP_SCRIPT, env: { FERRY_DUMP_FILE: file }, timeoutMs: 30 * 60_000, name: 'pg_dump' });
  const taken = result.code === 0 ? markedJson<DatabaseFingerprint>(result.stdout, MARK.fingerprint) : null;
  if (taken) return taken;
  const said = result.stderr.trim() || '(no output)';
  throw new FerryError(`pg_dump on ${describeTarget(connectionEnv(url))} failed (exit ${result.code}): ${said}`);
}

/** Refuses (exit 2, nothing changed) a dump the one-transaction restore could not replay. */
async function ensureRestorable(url: string, dump: string): Promise<void> {
  const toc = ensureOk('reading the dump\'s table of contents', url, await runPg(pgRestoreListArgv(dump), null, { timeoutMs: 10 * 60_000 }));
  if (!holdsLargeObjects(toc.stdout)) return;
  throw new ConfigError(
    `database ${connectionEnv(url).PGDATABASE} holds large objects (pg_largeobject): pg_restore commits them in a transaction of its own, ` +
      'so Ferry could not restore this database atomically and prove it before COMMIT. Store the data as bytea, ' +
      'or remove the database section and back up and migrate this database yourself.',
  );
}

/** pg_dump into `<dir>/<id>.dump` and describe it in `<dir>/<id>.json`, both 0600, neither holding the url. */
export async function backup(opts: { url: string; dir: string; tag: string; id: string }): Promise<BackupMetadata> {
  const file = dumpPath(opts.dir, opts.id);
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  // Create the file 0600 before pg_dump writes to it, so the data is never world-readable.
  await (await open(file, 'wx', 0o600)).close();
  let fingerprint: DatabaseFingerprint;
  try {
    fingerprint = await dumpWithFingerprint(opts.url, file);
    await ensureRestorable(opts.url, file);
  } catch (error) {
    await rm(file, { force: true }); // a failed dump is no backup: leave nothing that looks like one
    throw error;
  }
  await ensurePrivate(file);
  const metadata: BackupMetadata = {
    id: opts.id,
    createdAt: new Date().toISOString(),
    tag: opts.tag,
    file: basename(file),
    size: (await stat(file)).size,
    sha256: await sha256(file),
    database: connectionEnv(opts.url).PGDATABASE,
    fingerprint,
  };
  const meta = metadataPath(opts.dir, opts.id);
  await writeFileAtomic(meta, `${JSON.stringify(metadata, null, 2)}\n`, { mode: 0o600, overwrite: false });
  await ensurePrivate(meta);
  return metadata;
}

/** Reads `<id>.json` beside the dump and checks the dump is the one it describes before anything is dropped. */
async function verifiedMetadata(backupFile: string): Promise<BackupMetadata> {
  const id = basename(backupFile).replace(/\.dump$/, '');
  const meta = metadataPath(dirname(backupFile), id);
  let metadata: BackupMetadata;
  try {
    metadata = JSON.parse(await readFile(meta, 'utf8')) as BackupMetadata;
  } catch (error) {
    throw new ConfigError(`cannot read backup metadata ${meta}: ${(error as Error).message}; restore needs the .json written beside the .dump`);
  }
  const actual = await sha256(backupFile);
  if (actual !== metadata.sha256) {
    throw new ConfigError(`${backupFile} does not match ${meta} (sha256 ${actual} ≠ ${metadata.sha256}); the dump is corrupt or was replaced`);
  }
  return metadata;
}

/** Rows each table held just before the restore minus rows in the backup: writes after the backup that the restore discards. */
export function rowsReplaced(backup: DatabaseFingerprint, before: { schema: string; name: string; rows: number }[]): RowsReplaced[] {
  return before.flatMap((now) => {
    const then = backup.tables.find((t) => t.schema === now.schema && t.name === now.name);
    const rows = now.rows - (then?.rows ?? 0);
    return rows === 0 ? [] : [{ table: `${now.schema}.${now.name}`, rows }];
  });
}

const ROLLED_BACK = 'the transaction was rolled back: the database is as it was before the restore began';

/**
 * Bit-exact restore in one transaction: drop every user schema, restore the dump, prove the result
 * by fingerprint before COMMIT. Any failure (pg_restore, the proof, a kill, the timeout) rolls it all back.
 */
export async function restore(opts: { url: string; backupFile: string; signal?: AbortSignal }): Promise<RestoreResult> {
  const metadata = await verifiedMetadata(opts.backupFile);
  await ensureRestorable(opts.url, opts.backupFile); // a backup taken before this check existed
  const target = describeTarget(connectionEnv(opts.url));
  const scripts = await mkdtemp(join(tmpdir(), 'ferry-restore-'));
  try {
    const before = join(scripts, 'before.sql');
    const prove = join(scripts, 'prove.sql');
    await writeFileAtomic(before, RESTORE_BEFORE_SCRIPT, { mode: 0o600 });
    await writeFileAtomic(prove, restoreProveScript(JSON.stringify(metadata.fingerprint), `ferry_${randomBytes(6).toString('hex')}`), { mode: 0o600 });
    const argv = restorePipelineArgv({ dump: opts.backupFile, before, prove, complete: RESTORE_COMPLETE_SQL });
    let result;
    try {
      // Ctrl+C stops psql: its transaction is rolled back, nothing half-restored stays.
      result = await runPg(argv, opts.url, { timeoutMs: 30 * 60_000, name: 'pg_restore | psql', signal: opts.signal });
    } catch (error) {
      throw new FerryError(`restore of ${opts.backupFile} into ${target} stopped: ${(error as Error).message}; PostgreSQL rolls back a transaction whose client is gone, so the database is as it was before the restore began`);
    }
    const counted = markedJson<{ schema: string; name: string; rows: number }[]>(result.stdout, MARK.rowsBefore);
    const replaced = counted ? rowsReplaced(metadata.fingerprint, counted) : null;
    if (result.code === 0) return { identical: true, differences: [], rowsReplaced: replaced };
    const restored = markedJson<DatabaseFingerprint>(result.stdout, MARK.fingerprint);
    if (restored && result.stderr.includes(RESTORE_DIFFERS)) {
      return { identical: false, differences: compareFingerprints(metadata.fingerprint, restored), rowsReplaced: replaced };
    }
    throw new FerryError(
      `restore of ${opts.backupFile} into ${target} failed (exit ${result.code}); ${ROLLED_BACK}: ${result.stderr.trim() || '(no output)'}\n` +
        `Fix the cause and run the restore again from ${join(dirname(opts.backupFile), metadata.file)}.`,
    );
  } finally {
    await rm(scripts, { recursive: true, force: true });
  }
}
