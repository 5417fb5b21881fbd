import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareFingerprints, fingerprint, type DatabaseFingerprint } from '../src/ports/database/index.js';
import { psqlArgv } from '../src/ports/database/describe.js';
import { runPg } from '../src/ports/database/exec.js';
import { ferry, type FerryRun } from './support/ferry.js';
import { makeEnvironment, readTree, type TestEnvironment } from './support/environment.js';
import { startLoad } from './support/load.js';
import { startPostgres, startWriter, type TestPostgres } from './support/postgres.js';

const DATABASE = `database:
  url_env: DATABASE_URL
  backup: { retain: 3 }
  migrate: [node, migrate.js, up]
  dry_run: [node, migrate.js, plan]
  verify: [node, migrate.js, verify]
  timeout: 60s
  restore_on_failure: true
`;

const json = (run: FerryRun) => JSON.parse(run.stdout);


describe('safe migrations inside the deploy, on a real PostgreSQL', () => {
  let pg: TestPostgres;
  let env: TestEnvironment;
  const outputs: string[] = []; // every byte ferry printed, for the "password appears nowhere" check
  const run = async (...args: string[]): Promise<FerryRun> => {
    const result = await ferry(env.args(...args), { DATABASE_URL: pg.url });
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const query = async (sql: string): Promise<string> => {
    const result = await runPg(psqlArgv(sql), pg.url);
    if (result.code !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };
  const columns = (table: string) => query(`select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns where table_name = '${table}'`);
  const notes = () => query('select md5(string_agg(id || body, \',\' order by id)) || count(*) from notes');
  const backups = async () => json(await run('backups', '--json')) as { id: string; tag: string; path: string }[];

  beforeAll(async () => {
    pg = await startPostgres();
    // Host network: the app and the one-off migration containers reach PostgreSQL on 127.0.0.1.
    env = await makeEnvironment(DATABASE, { network: 'host' });
  });
  afterAll(async () => {
    await env?.cleanup();
    await pg?.stop();
  });

  it('first deploy backs up, migrates to 001 and serves; the app reads the database', async () => {
    const first = await run('deploy', '--tag', 'db1', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(json(first)).toMatchObject({ outcome: 'succeeded', database: { migrated: true, restoredTables: null } });
    expect(await columns('notes')).toBe('id,body,created_at');
    await query("insert into notes (body) select 'note ' || g from generate_series(1, 500) g");
    const health = await fetch(`${env.routerUrl}/health/database`);
    expect(health.status).toBe(200);
    const posted = await fetch(`${env.routerUrl}/notes`, { method: 'POST', body: JSON.stringify({ body: 'through the router' }), headers: { 'content-type': 'application/json' } });
    expect(posted.status).toBe(201);
  });

  let beforeDb2: DatabaseFingerprint;
  it('--dry-run shows the pending migration and changes nothing (schema, rows, backups)', async () => {
    beforeDb2 = await fingerprint(pg.url);
    const backupsBefore = await backups();
    const dry = await run('deploy', '--tag', 'db2', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('002_add_note_author');
    const migrateDry = await run('migrate', '--tag', 'db2', '--dry-run');
    expect(migrateDry.code, migrateDry.stderr).toBe(0);
    expect(migrateDry.stderr).toContain('002_add_note_author');
    expect(compareFingerprints(beforeDb2, await fingerprint(pg.url))).toEqual([]);
    expect(await backups()).toEqual(backupsBefore);
  });

  it('a migration that succeeds but whose version fails its health gate is restored: identical, old version serving', async () => {
    const load = startLoad(`${env.routerUrl}/`, 50);
    const broken = await run('deploy', '--tag', 'db2-broken', '--json');
    const seen = await load.stop();
    expect(broken.code, broken.stderr).toBe(1);
    const result = json(broken);
    expect(result.message).toMatch(/did not become healthy/);
    expect(result.message).toContain(`.dump): ${beforeDb2.tables.length} tables identical`);
    expect(result.message).toMatch(/Database restored from backup /);
    expect(result.database).toMatchObject({ migrated: true, restoredTables: beforeDb2.tables.length });
    expect(compareFingerprints(beforeDb2, await fingerprint(pg.url))).toEqual([]);
    expect(await columns('notes')).toBe('id,body,created_at');
    expect(seen.failed).toBe(0);
    expect(new Set(seen.versions.map((v) => v.version))).toEqual(new Set(['db1']));
  });

  it('a good migration during a deploy under load: schema changed, data intact, new version serving, 0 failed requests', async () => {
    const dataBefore = await notes();
    const load = startLoad(`${env.routerUrl}/`, 50);
    const good = await run('deploy', '--tag', 'db2', '--json');
    await new Promise((r) => setTimeout(r, 500));
    const seen = await load.stop();
    expect(good.code, good.stderr).toBe(0);
    expect(json(good)).toMatchObject({ outcome: 'succeeded', to: { version: 'db2' }, database: { migrated: true } });
    expect(await columns('notes')).toBe('id,body,created_at,author');
    expect(await notes()).toBe(dataBefore);
    expect(seen.failed).toBe(0);
    // Every request sent after the confirmed switch was answered by db2 (the pause above guarantees some).
    const afterSwitch = seen.versions.filter((v) => v.sentAt > json(good).timings.confirmedAt);
    expect(afterSwitch.length).toBeGreaterThan(0);
    expect(new Set(afterSwitch.map((v) => v.version))).toEqual(new Set(['db2']));
    const health = (await (await fetch(`${env.routerUrl}/health/database`)).json()) as { schema: string };
    expect(health.schema).toMatch(/^002/);
  });

  it('a migration that fails halfway (table + column added outside a transaction) while a writer inserts every 50 ms is restored bit-exact; exit 1, db2 serving', async () => {
    // The live old version keeps writing during the migration: the backup's fingerprint must still match its dump.
    await query('create table live_writes (id bigserial primary key, at timestamptz not null)');
    const withoutWriter = (fp: DatabaseFingerprint): DatabaseFingerprint => ({ ...fp, tables: fp.tables.filter((t) => t.name !== 'live_writes') });
    const before = await fingerprint(pg.url);
    const writer = startWriter(pg.url, 'insert into live_writes (at) values (clock_timestamp());');
    const load = startLoad(`${env.routerUrl}/`, 50);
    const halfway = await run('deploy', '--tag', 'db-halfway', '--json');
    const seen = await load.stop();
    await writer.stop();
    expect(halfway.code, halfway.stderr).toBe(1);
    const result = json(halfway);
    expect(result.message).toMatch(/migrate `node migrate.js up` .* exited with code 1/);
    expect(result.message).toMatch(/tables identical; discarded \d+ row\(s\) written after the backup: public\.live_writes \d+/);
    expect(result.database).toMatchObject({ migrated: false, restoredTables: before.tables.length });
    const lost = (result.database.discardedRows as { table: string; rows: number }[]).find((r) => r.table === 'public.live_writes');
    expect(lost?.rows).toBeGreaterThan(0);
    expect(await query("select to_regclass('public.audit_log') is null")).toBe('t');
    expect(await columns('notes')).toBe('id,body,created_at,author');
    expect(compareFingerprints(withoutWriter(before), withoutWriter(await fingerprint(pg.url)))).toEqual([]);
    expect(seen.failed).toBe(0);
    expect(new Set(seen.versions.map((v) => v.version))).toEqual(new Set(['db2']));
    await query('drop table live_writes');
  });

  it('rolling back across the migration is refused without --allow-schema-crossing, even with --yes; with it, warned about', async () => {
    const dbBefore = await fingerprint(pg.url);
    for (const approval of [[], ['--yes']]) {
      const refused = await run('rollback', ...approval, '--json');
      expect(refused.code, refused.stderr).toBe(2);
      expect(json(refused).message).toMatch(/crosses the database migration\(s\) of db2 .*ferry restore --env test --backup \S+/);
      expect(json(refused).message).toMatch(/needs --allow-schema-crossing .*--yes does not imply it/);
      expect(json(await run('status', '--json')).active).toMatchObject({ version: 'db2' }); // nothing changed
    }
    expect(compareFingerprints(dbBefore, await fingerprint(pg.url))).toEqual([]);
    // --to by release id, as the CI workflow passes the release it captured before the deploy.
    const history = json(await run('history', '--json')) as { id: string; tag: string; action: string; outcome: string }[];
    const db1Release = history.filter((e) => e.tag === 'db1' && e.action === 'deploy' && e.outcome === 'succeeded').at(-1)!.id;
    const rolled = await run('rollback', '--to', db1Release, '--yes', '--allow-schema-crossing', '--json');
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(json(rolled)).toMatchObject({ outcome: 'succeeded', to: { version: 'db1' } });
    expect(json(rolled).warnings.join(' ')).toMatch(/db1's code may not read the new schema/);
  });

  it('ferry restore needs approval, then puts a backup back and proves it; retention keeps 3', async () => {
    const list = await backups();
    expect(list).toHaveLength(3);
    const beforeDb2Backup = list.find((b) => b.tag === 'db2')!; // taken before the good db2 migration
    const noTty = await run('restore', '--backup', beforeDb2Backup.id);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr + noTty.stdout).toMatch(/pass --yes/);
    const restored = await run('restore', '--backup', beforeDb2Backup.id, '--yes', '--json');
    expect(restored.code, restored.stderr).toBe(0);
    expect(json(restored).message).toMatch(/^restored, \d+ tables identical to backup/);
    expect(await columns('notes')).toBe('id,body,created_at');
    const unknown = await run('restore', '--backup', 'nope', '--yes');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr + unknown.stdout).toMatch(/--backup nope: no such backup/);
  });

  it('backups are 0600 and the password appears nowhere in the state dir or any output', async () => {
    const dir = path.join(env.stateDir, 'backups');
    for (const name of await readdir(dir)) expect(((await stat(path.join(dir, name))).mode & 0o777).toString(8), name).toBe('600');
    const tree = await readTree(env.stateDir);
    for (const form of [pg.password, encodeURIComponent(pg.password)]) {
      expect(tree).not.toContain(form);
      expect(outputs.join('\n')).not.toContain(form);
    }
    expect(outputs.join('\n')).toContain('migrate'); // the outputs were captured
  });

  it('a wrong password or missing pg tools stop the deploy before anything changes (exit 2)', async () => {
    const wrongUrl = pg.url.replace(encodeURIComponent(pg.password), 'wrong-password-123');
    const before = await backups();
    const wrong = await ferry(env.args('deploy', '--tag', 'db2', '--force'), { DATABASE_URL: wrongUrl });
    expect(wrong.code, wrong.stdout + wrong.stderr).toBe(2);
    expect(wrong.stderr + wrong.stdout).toMatch(/password authentication failed/);
    expect(wrong.stderr + wrong.stdout).not.toContain('wrong-password-123');
    const noTools = await ferry(env.args('deploy', '--tag', 'db2', '--force'), { DATABASE_URL: pg.url, PATH: '/nonexistent' });
    expect(noTools.code, noTools.stdout + noTools.stderr).toBe(2);
    expect(noTools.stderr + noTools.stdout).toMatch(/pg_dump, pg_restore, psql are not installed .*apt-get install postgresql-client/);
    expect(await backups()).toEqual(before);
  });

  it('a torn backup metadata file is named and skipped: ferry backups still lists the others (exit 0)', async () => {
    const listed = await backups();
    const torn = path.join(env.stateDir, 'backups', '20260101T000000Z-torn.json');
    await writeFile(torn, '{"id": "20260101T000000Z-torn", "createdAt": "2026-', { mode: 0o600 });
    try {
      const result = await run('backups', '--json');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`warning: skipped backup metadata ${torn}: unreadable (`);
      expect((json(result) as { id: string }[]).map((b) => b.id)).toEqual(listed.map((b) => b.id));
    } finally {
      await rm(torn, { force: true });
    }
  });
});
