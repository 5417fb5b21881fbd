import { execFile } from 'node:child_process';
import { childPids, readCmdline } from '@ferry/shared';
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ExitCode } from '../src/errors.js';
import { connectionEnv, restorePipelineArgv } from '../src/ports/database/describe.js';
import { runPg } from '../src/ports/database/exec.js';
import { sha256 } from '../src/ports/database/postgres.js';
import { RESTORE_BEFORE_SCRIPT, RESTORE_COMPLETE_SQL, RESTORE_INCOMPLETE, restoreProveScript } from '../src/ports/database/sql.js';
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
  type DatabaseFingerprint,
} from '../src/ports/database/index.js';
import { startPostgres, startWriter, type TestPostgres } from './support/postgres.js';

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
    // Rows each table held just before the restore, minus the backup's: what the restore discarded.
    expect(result).toEqual({ identical: true, differences: [], rowsReplaced: [{ table: 'public.extra', rows: 2 }, { table: 'public.notes', rows: 2 }] });
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

  it('hashes a dump larger than 2 GiB (readFile cannot) as a stream, matching sha256sum', async () => {
    const big = join(dir, 'sparse.bin');
    await writeFile(big, '');
    await truncate(big, 2 ** 31 + 1); // sparse: 2 GiB + 1 byte of zeros, no disk used
    try {
      const [ours, theirs] = await Promise.all([sha256(big), run('sha256sum', [big], { timeout: 170_000 })]);
      expect(ours).toBe(theirs.stdout.split(' ')[0]);
    } finally {
      await rm(big);
    }
  });

  it('writes the password nowhere in the backup dir', async () => {
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name));
      expect(bytes.includes(pg.password), name).toBe(false);
      expect(bytes.includes(encodeURIComponent(pg.password)), name).toBe(false);
    }
  });
});

describe('restore is ONE transaction proven before COMMIT; backups come from one snapshot', () => {
  let url: string;
  let rdir: string;
  const pgEnv = () => ({ ...process.env, ...connectionEnv(url) });
  const q = async (statement: string) => (await run('psql', ['--no-psqlrc', '--set', 'ON_ERROR_STOP=1', '-tAc', statement], { env: pgEnv(), timeout: 60_000 })).stdout.trim();


  /** Every process below this one, with its command line. */
  async function descendants(pid = process.pid): Promise<{ pid: number; cmdline: string }[]> {
    const out: { pid: number; cmdline: string }[] = [];
    for (const child of await childPids(pid)) out.push({ pid: child, cmdline: await readCmdline(child) }, ...(await descendants(child)));
    return out;
  }

  /** True once another session holds an exclusive lock in this database: the restore has dropped the old tables. */
  const restoreHoldsLocks = async () =>
    Number(
      await q(`select count(*) from pg_locks l join pg_stat_activity a using (pid)
        where a.datname = current_database() and a.pid <> pg_backend_pid() and l.locktype = 'relation' and l.mode = 'AccessExclusiveLock' and l.granted`),
    ) > 0;

  beforeAll(async () => {
    await sql(['create database restore_tests']);
    url = pg.url.replace(/\/app$/, '/restore_tests');
    rdir = await mkdtemp(join(tmpdir(), 'ferry-restore-backups-'));
    await q('create table big (id int primary key, body text not null)');
    await q('insert into big select g, repeat(md5(g::text), 4) from generate_series(1, 200000) g');
    await q('create table events (id bigserial primary key, at timestamptz not null)');
  });
  afterAll(async () => {
    if (rdir) await rm(rdir, { recursive: true, force: true });
  });

  let base: BackupMetadata;
  /** Starts a restore of `base` onto a drifted database, calls `interrupt` once the old tables are dropped; returns the state before. */
  async function interruptedRestore(interrupt: (controller: AbortController) => Promise<void>): Promise<{ before: DatabaseFingerprint; error: Error | null }> {
    await q("delete from big where id <= 10; insert into events (at) values (now()), (now()); create table if not exists drift (x int)");
    const before = await fingerprint(url);
    expect(compareFingerprints(base.fingerprint, before)).not.toEqual([]); // a restore would change things
    const controller = new AbortController();
    const restoring = restore({ url, backupFile: join(rdir, base.file), signal: controller.signal }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    while (!(await restoreHoldsLocks())) await new Promise((r) => setTimeout(r, 20));
    await interrupt(controller);
    return { before, error: await restoring };
  }

  it('SIGKILL of psql midway through the restore: every table exactly as before the restore began', async () => {
    base = await backup({ url, dir: rdir, tag: 'base', id: '20260201T000000Z-base' });
    const { before, error } = await interruptedRestore(async () => {
      const below = await descendants();
      // Debian's psql is a wrapper that execs /usr/lib/postgresql/<v>/bin/psql.
      const psql = below.find((p) => /^(\S*\/)?psql /.test(p.cmdline) && p.cmdline.includes('--single-transaction'));
      expect(psql, `the restore’s psql process among ${JSON.stringify(below)} (pid ${process.pid})`).toBeDefined();
      process.kill(psql!.pid, 'SIGKILL');
    });
    expect(error?.message).toMatch(/failed \(exit 137\); the transaction was rolled back: the database is as it was before the restore began/);
    expect(compareFingerprints(before, await fingerprint(url))).toEqual([]);
  });

  it('Ctrl+C (the abort signal) midway through the restore: every table exactly as before the restore began', async () => {
    const { before, error } = await interruptedRestore(async (controller) => controller.abort());
    expect(error?.message).toMatch(/stopped: cancelled: .*PostgreSQL rolls back a transaction whose client is gone/s);
    expect(compareFingerprints(before, await fingerprint(url))).toEqual([]);
  });

  it('a restored database that differs from the metadata is reported AND rolled back: the proof runs before COMMIT', async () => {
    const forged = await backup({ url, dir: rdir, tag: 'forged', id: '20260201T000001Z-forged' });
    const events = forged.fingerprint.tables.find((t) => t.name === 'events')!;
    const lie = { ...forged, fingerprint: { ...forged.fingerprint, tables: forged.fingerprint.tables.map((t) => (t === events ? { ...t, rows: t.rows + 1 } : t)) } };
    await writeFile(join(rdir, '20260201T000001Z-forged.json'), JSON.stringify(lie)); // the dump still matches its sha256
    await q("insert into events (at) values (now())");
    const before = await fingerprint(url);
    const result = await restore({ url, backupFile: join(rdir, forged.file) });
    expect(result.identical).toBe(false);
    expect(result.differences).toEqual([`table public.events: rows ${events.rows + 1} → ${events.rows}`]);
    expect(compareFingerprints(before, await fingerprint(url))).toEqual([]);
  });

  it('a restore whose dump fails at its end (a GRANT to a role dropped since the backup) changes nothing', async () => {
    await q('create role ferry_reader');
    await q('grant select on big to ferry_reader');
    const granted = await backup({ url, dir: rdir, tag: 'grant', id: '20260202T000000Z-grant' });
    await q('revoke select on big from ferry_reader');
    await q('drop role ferry_reader');
    await q("insert into events (at) values (now())");
    const before = await fingerprint(url);
    const error = await restore({ url, backupFile: join(rdir, granted.file) }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/failed \(exit \d+\); the transaction was rolled back: the database is as it was before the restore began: .*role "ferry_reader" does not exist/s);
    expect(compareFingerprints(before, await fingerprint(url))).toEqual([]);
  });

  it('a live writer inserting into another table every 50 ms neither fails the restore nor the backup; discarded rows are counted', async () => {
    const writer = startWriter(url, 'insert into events (at) values (clock_timestamp());');
    try {
      // The backup's fingerprint and dump come from one snapshot, so the writer cannot make them disagree.
      const during = await backup({ url, dir: rdir, tag: 'live', id: '20260203T000000Z-live' });
      await new Promise((r) => setTimeout(r, 300)); // the writer gets ahead of the backup
      const result = await restore({ url, backupFile: join(rdir, during.file) });
      expect(result.differences).toEqual([]);
      expect(result.identical).toBe(true);
      const events = result.rowsReplaced?.find((r) => r.table === 'public.events');
      expect(events?.rows, JSON.stringify(result.rowsReplaced)).toBeGreaterThan(0);
      const now = await fingerprint(url);
      expect(now.tables.find((t) => t.name === 'big')).toEqual(during.fingerprint.tables.find((t) => t.name === 'big'));
    } finally {
      await writer.stop();
    }
  });

  it('pg_restore failing before it printed anything: psql still drops, then the proof finds no completion mark and rolls all back', async () => {
    const before = await fingerprint(url);
    const scripts = await mkdtemp(join(tmpdir(), 'ferry-restore-scripts-'));
    try {
      const garbage = join(scripts, 'not-a.dump');
      await writeFile(garbage, 'not a dump');
      await writeFile(join(scripts, 'before.sql'), RESTORE_BEFORE_SCRIPT);
      await writeFile(join(scripts, 'prove.sql'), restoreProveScript(JSON.stringify(base.fingerprint), 'ferry_test'));
      const argv = restorePipelineArgv({ dump: garbage, before: join(scripts, 'before.sql'), prove: join(scripts, 'prove.sql'), complete: RESTORE_COMPLETE_SQL });
      const result = await runPg(argv, url);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('pg_restore: error: input file does not appear to be a valid archive');
      expect(result.stderr).toContain(RESTORE_INCOMPLETE);
      expect(compareFingerprints(before, await fingerprint(url))).toEqual([]);
    } finally {
      await rm(scripts, { recursive: true, force: true });
    }
  });

  it('a database holding large objects is refused at backup time (exit 2), before anything changes, and leaves no dump', async () => {
    const oid = await q("select lo_from_bytea(0, 'large')");
    try {
      const error = await backup({ url, dir: rdir, tag: 'lo', id: '20260204T000000Z-lo' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/^database restore_tests holds large objects \(pg_largeobject\): pg_restore commits them in a transaction of its own/);
      expect((await readdir(rdir)).filter((n) => n.startsWith('20260204T000000Z-lo'))).toEqual([]);
    } finally {
      await q(`select lo_unlink(${oid})`);
    }
  });
});
