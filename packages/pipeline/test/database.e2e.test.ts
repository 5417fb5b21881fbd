import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ExitCode } from '../src/errors.js';
import { connectionEnv } from '../src/ports/database/describe.js';
import {
  backup,
  checkConnection,
  checkTools,
  compareFingerprints,
  fingerprint,
  listBackups,
  pruneBackups,
  restore,
  type BackupMetadata,
} from '../src/ports/database/index.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

const run = promisify(execFile);

let pg: TestPostgres;
let dir: string;

/** Runs SQL outside any transaction, one statement at a time: how a half-applied migration looks. */
async function sql(statements: string[]): Promise<void> {
  const env = { ...process.env, ...connectionEnv(pg.url) };
  for (const statement of statements) {
    await run('psql', ['--no-psqlrc', '--set', 'ON_ERROR_STOP=1', '--command', statement], { env, timeout: 30_000 });
  }
}

beforeAll(async () => {
  pg = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), 'ferry-backups-'));
  await sql([
    'create table notes (id serial primary key, body text not null)',
    "insert into notes (body) values ('first'), ('second'), ('third')",
  ]);
});

afterAll(async () => {
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('PostgreSQL port against a real server', () => {
  let first: BackupMetadata;

  it('finds the client tools and connects', async () => {
    await checkTools();
    await checkConnection(pg.url);
  });

  it('names every missing client binary and the package that provides it', async () => {
    const path = process.env.PATH;
    process.env.PATH = dir; // an empty directory: no pg_dump, pg_restore or psql
    try {
      await expect(checkTools()).rejects.toThrowError(
        new ConfigError('pg_dump, pg_restore, psql are not installed (not found on PATH); install them with: apt-get install postgresql-client'),
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('backs up to 0600 files whose metadata holds the fingerprint and no secret', async () => {
    first = await backup({ url: pg.url, dir, tag: 'v1', id: '20260101T000000Z-v1' });
    for (const name of ['20260101T000000Z-v1.dump', '20260101T000000Z-v1.json']) {
      expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
    }
    const text = await readFile(join(dir, '20260101T000000Z-v1.json'), 'utf8');
    expect(text).not.toContain(pg.password);
    expect(text).not.toContain(encodeURIComponent(pg.password));
    expect(text).not.toContain('postgres://');
    const saved = JSON.parse(text) as BackupMetadata;
    expect(saved).toEqual(first);
    expect(saved).toMatchObject({ id: '20260101T000000Z-v1', tag: 'v1', file: '20260101T000000Z-v1.dump', database: 'app' });
    expect(saved.size).toBe((await stat(join(dir, saved.file))).size);
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.fingerprint.schemas).toEqual(['public']);
    expect(saved.fingerprint.tables).toEqual([
      {
        schema: 'public',
        name: 'notes',
        rows: 3,
        checksum: expect.stringMatching(/^[0-9a-f]{32}$/),
        columns: [{ name: 'id', type: 'integer' }, { name: 'body', type: 'text' }],
        indexes: ['notes_pkey'],
      },
    ]);
  });

  it('restores bit-exactly after a migration failed half-way outside a transaction', async () => {
    await sql([
      'create table extra (id int)',
      "insert into extra values (1), (2)",
      'alter table notes add column flag boolean default true',
      "insert into notes (body) values ('fourth'), ('fifth')",
      'create index notes_body_idx on notes (body)',
      'create schema audit',
    ]);
    const drifted = await fingerprint(pg.url);
    expect(compareFingerprints(first.fingerprint, drifted)).toEqual([
      'schema audit: not in backup',
      'table public.extra: not in backup',
      'table public.notes: rows 3 → 5',
      expect.stringMatching(/^table public\.notes: checksum [0-9a-f]{32} → [0-9a-f]{32}$/),
      'table public.notes: column flag: not in backup',
      'table public.notes: index notes_body_idx: not in backup',
    ]);

    const result = await restore({ url: pg.url, backupFile: join(dir, first.file) });
    expect(result).toEqual({ identical: true, differences: [] });
    const now = await fingerprint(pg.url);
    expect(now).toEqual(first.fingerprint);
    expect(now.tables[0]!.indexes).not.toContain('notes_body_idx');
    expect(now.tables[0]!.columns.map((c) => c.name)).toEqual(['id', 'body']);
    // The serial sequence came back too: the next id continues from the backup, not from the failed migration.
    await sql(["insert into notes (body) values ('after restore')"]);
    const env = { ...process.env, ...connectionEnv(pg.url) };
    const { stdout } = await run('psql', ['--no-psqlrc', '-tAc', "select id from notes where body = 'after restore'"], { env });
    expect(stdout.trim()).toBe('4');
  });

  it('refuses a wrong password with a ConfigError that names the target, never the password', async () => {
    const wrong = pg.url.replace(encodeURIComponent(pg.password), 'not-the-password');
    const error = await checkConnection(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(ExitCode.badInput);
    const message = (error as Error).message;
    expect(message).toContain(`database "app" at 127.0.0.1:${pg.port}`);
    expect(message).toContain('password authentication failed');
    expect(message).not.toContain('not-the-password');
    expect(message).not.toContain(pg.password);
  });

  it('refuses to restore a dump that does not match its metadata', async () => {
    await backup({ url: pg.url, dir, tag: 'v2', id: '20260102T000000Z-v2' });
    const tampered = join(dir, '20260102T000000Z-v2.dump');
    await run('sh', ['-c', 'printf x >> "$1"', 'sh', tampered]);
    await expect(restore({ url: pg.url, backupFile: tampered })).rejects.toThrow(/does not match .*sha256/);
    await rm(tampered);
    await rm(join(dir, '20260102T000000Z-v2.json'));
  });

  it('keeps the newest N backups and removes both files of the older ones', async () => {
    for (const [id, tag] of [['20260103T000000Z-v3', 'v3'], ['20260104T000000Z-v4', 'v4']] as const) {
      await backup({ url: pg.url, dir, tag, id });
    }
    expect((await listBackups(dir)).map((b) => b.tag)).toEqual(['v1', 'v3', 'v4']);
    expect(await pruneBackups(dir, 2)).toEqual(['20260101T000000Z-v1']);
    expect((await listBackups(dir)).map((b) => b.tag)).toEqual(['v3', 'v4']);
    expect((await readdir(dir)).sort()).toEqual([
      '20260103T000000Z-v3.dump', '20260103T000000Z-v3.json', '20260104T000000Z-v4.dump', '20260104T000000Z-v4.json',
    ]);
    expect(await pruneBackups(dir, 5)).toEqual([]);
    expect(await pruneBackups(dir, 1, ['20260103T000000Z-v3'])).toEqual([]); // the backup a restore reads is protected
  });

  it('writes the password nowhere in the backup dir', async () => {
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name));
      expect(bytes.includes(pg.password), name).toBe(false);
      expect(bytes.includes(encodeURIComponent(pg.password)), name).toBe(false);
    }
  });
});
