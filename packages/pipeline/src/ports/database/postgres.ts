import { createHash } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '@ferry/shared';
import { ConfigError, FerryError } from '../../errors.js';
import { dumpPath, metadataPath } from './backups.js';
import { compareFingerprints } from './compare.js';
import {
  connectionEnv,
  describeTarget,
  DROP_USER_SCHEMAS_SQL,
  FINGERPRINT_SQL,
  PG_TOOLS,
  pgDumpArgv,
  pgRestoreArgv,
  psqlArgv,
} from './describe.js';
import { ensureOk, missingTool, runPg } from './exec.js';
import type { BackupMetadata, DatabaseFingerprint, RestoreResult } from './types.js';

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

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Refuses to leave a dump readable by anyone but the owner. */
async function ensurePrivate(file: string): Promise<void> {
  await chmod(file, 0o600);
  const mode = (await stat(file)).mode & 0o777;
  if (mode !== 0o600) throw new FerryError(`${file} has mode ${mode.toString(8)}, expected 600; fix the file system permissions`);
}

/** pg_dump into `<dir>/<id>.dump` and describe it in `<dir>/<id>.json`, both 0600, neither holding the url. */
export async function backup(opts: { url: string; dir: string; tag: string; id: string }): Promise<BackupMetadata> {
  const file = dumpPath(opts.dir, opts.id);
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  // Create the file 0600 before pg_dump writes to it, so the data is never world-readable.
  await (await open(file, 'wx', 0o600)).close();
  ensureOk('pg_dump', opts.url, await runPg(pgDumpArgv({ file }), opts.url, { timeoutMs: 30 * 60_000 }));
  await ensurePrivate(file);
  const metadata: BackupMetadata = {
    id: opts.id,
    createdAt: new Date().toISOString(),
    tag: opts.tag,
    file: basename(file),
    size: (await stat(file)).size,
    sha256: await sha256(file),
    database: connectionEnv(opts.url).PGDATABASE,
    fingerprint: await fingerprint(opts.url),
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

/** Bit-exact restore: drop every user schema, pg_restore in one transaction, then prove it by fingerprint. */
export async function restore(opts: { url: string; backupFile: string }): Promise<RestoreResult> {
  const metadata = await verifiedMetadata(opts.backupFile);
  const target = describeTarget(connectionEnv(opts.url));
  ensureOk('dropping user schemas before restore', opts.url, await runPg(psqlArgv(DROP_USER_SCHEMAS_SQL), opts.url));
  const restored = await runPg(pgRestoreArgv({ file: opts.backupFile }), opts.url, { timeoutMs: 30 * 60_000 });
  if (restored.code !== 0) {
    throw new FerryError(
      `pg_restore of ${opts.backupFile} into ${target} failed (exit ${restored.code}); the database was left with empty schemas: ` +
        `${restored.stderr.trim() || '(no output)'}\nFix the cause and run the restore again from ${join(dirname(opts.backupFile), metadata.file)}.`,
    );
  }
  const differences = compareFingerprints(metadata.fingerprint, await fingerprint(opts.url));
  return { identical: differences.length === 0, differences };
}
