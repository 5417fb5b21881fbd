// The demo app's database feature and migration runner against a real PostgreSQL, run from the
// BUNDLED dist/ files (what the image ships), plus the image's build-time choice of migrations.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../../packages/pipeline/src/ports/docker/docker-engine.js';
import { findServerBin, startPostgres, type TestPostgres } from '../../../packages/pipeline/test/support/postgres.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const migrateJs = path.join(appDir, 'dist/migrate.js');
const serverJs = path.join(appDir, 'dist/server.js');
const migrationsDir = path.join(appDir, 'migrations');
const BOTH = ['001_create_notes', '002_add_note_author'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>, timeout = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

let postgres: TestPostgres;
let admin: pg.Client;
let databases = 0;

/** A fresh, empty database on the shared test server; returns its URL. */
async function freshDatabase(): Promise<string> {
  const name = `demo_${++databases}`;
  await admin.query(`create database ${name}`);
  return postgres.url.replace(/\/app$/, `/${name}`);
}

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const history = async (url: string) => (await query<{ id: string }>(url, 'select id from schema_migrations order by id')).map((r) => r.id);
const columns = async (url: string, table: string) =>
  (await query<{ column_name: string }>(url, 'select column_name from information_schema.columns where table_name = $1 order by ordinal_position', [table])).map(
    (r) => r.column_name,
  );
const migrate = (url: string, command: string, env: Record<string, string> = {}) => run(migrateJs, [command], { DATABASE_URL: url, ...env });

beforeAll(async () => {
  const built = await run(path.join(appDir, 'build.mjs'), [], {}, 120_000);
  expect(built, 'esbuild bundle of the demo app').toMatchObject({ code: 0 });
  postgres = await startPostgres();
  admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await postgres?.stop();
});

describe('migrate.js (bundled) against a real PostgreSQL', () => {
  it('plan lists 001 and 002 on an empty database and creates nothing', async () => {
    const url = await freshDatabase();
    expect(await migrate(url, 'plan')).toEqual({
      code: 0,
      stdout: 'pending 001_create_notes\npending 002_add_note_author\n2 pending migration(s)\n',
      stderr: '',
    });
    expect(await query(url, "select to_regclass('schema_migrations') as history, to_regclass('notes') as notes")).toEqual([{ history: null, notes: null }]);
    expect(await query(url, "select count(*)::int as n from information_schema.tables where table_schema = 'public'")).toEqual([{ n: 0 }]);
  });

  it('up applies both in order and records them; a second up and plan have nothing to do; verify passes', async () => {
    const url = await freshDatabase();
    const first = await migrate(url, 'up');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^applied 001_create_notes \(\d+ ms\)\napplied 002_add_note_author \(no transaction, \d+ ms\)\n2 migration\(s\) applied; schema at 002_add_note_author\n$/,
    );
    expect(await history(url)).toEqual(BOTH);
    expect(await columns(url, 'notes')).toEqual(['id', 'body', 'created_at', 'author']);
    expect(await query(url, "select indexname from pg_indexes where tablename = 'notes' order by indexname")).toEqual([
      { indexname: 'notes_author_idx' },
      { indexname: 'notes_pkey' },
    ]);

    expect(await migrate(url, 'up')).toEqual({ code: 0, stdout: 'nothing to do; schema at 002_add_note_author\n', stderr: '' });
    expect(await migrate(url, 'plan')).toEqual({ code: 0, stdout: 'nothing to do\n', stderr: '' });
    expect(await migrate(url, 'verify')).toEqual({ code: 0, stdout: 'verified 2 migration(s); schema at 002_add_note_author\n', stderr: '' });
  });

  it('verify fails when a history row is missing or the database was never migrated', async () => {
    const url = await freshDatabase();
    expect(await migrate(url, 'verify')).toEqual({ code: 1, stdout: '', stderr: 'schema_migrations does not exist: run `node migrate.js up`\n' });
    expect((await migrate(url, 'up')).code).toBe(0);
    await query(url, "delete from schema_migrations where id = '002_add_note_author'");
    expect(await migrate(url, 'verify')).toEqual({
      code: 1,
      stdout: '',
      // The author column belongs to 002, which the history no longer claims.
      stderr: 'verify failed:\n  002_add_note_author is not recorded in schema_migrations (not applied)\n  table notes has unexpected column(s) author\n',
    });
  });

  it('two concurrent ups both succeed and apply each migration once (advisory lock)', async () => {
    const url = await freshDatabase();
    const runs = await Promise.all([migrate(url, 'up'), migrate(url, 'up'), migrate(url, 'up')]);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, ''], [0, '']]);
    const applied = runs.flatMap((r) => r.stdout.split('\n').filter((line) => line.startsWith('applied ')).map((line) => line.split(' ')[1]));
    expect(applied.sort()).toEqual(BOTH);
    expect(await query(url, 'select id, count(*)::int as n from schema_migrations group by id order by id')).toEqual(BOTH.map((id) => ({ id, n: 1 })));
  });

  it('a failing transactional migration leaves nothing behind and names the file', async () => {
    const url = await freshDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'demo-migrations-'));
    try {
      await cp(path.join(migrationsDir, '001_create_notes.sql'), path.join(dir, '001_create_notes.sql'));
      await writeFile(path.join(dir, '002_bad.sql'), 'create table half_done (id int);\nselect nope from notes;\n');
      const result = await migrate(url, 'up', { MIGRATIONS_DIR: dir });
      expect(result).toMatchObject({ code: 1, stderr: 'migration 002_bad.sql failed: column "nope" does not exist\n' });
      expect(await history(url)).toEqual(['001_create_notes']);
      expect(await query(url, "select to_regclass('half_done') as t")).toEqual([{ t: null }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('DEMO_FAULT=migration-halfway applies the real migrations, then fails and leaves audit_log and notes.flagged behind', async () => {
    const url = await freshDatabase();
    const result = await migrate(url, 'up', { DEMO_FAULT: 'migration-halfway' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2 migration(s) applied; schema at 002_add_note_author\nDEMO_FAULT=migration-halfway');
    expect(result.stderr).toBe(
      'migration faults/migration-halfway.sql failed: statement 3 of 3: relation "table_that_does_not_exist" does not exist\n',
    );
    expect(await history(url)).toEqual(BOTH);
    expect(await columns(url, 'audit_log')).toEqual(['id', 'note']);
    expect(await columns(url, 'notes')).toEqual(['id', 'body', 'created_at', 'author', 'flagged']);
    expect(await migrate(url, 'verify')).toMatchObject({ code: 1, stderr: 'verify failed:\n  table notes has unexpected column(s) flagged\n' });
  });

  it('never prints the password, and exits 2 on bad usage', async () => {
    const url = postgres.url.replace(encodeURIComponent(postgres.password), 'Wr0ngS3cret');
    const result = await migrate(url, 'up');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('password authentication failed');
    expect(result.stderr).not.toContain('Wr0ngS3cret');
    expect(await run(migrateJs, ['sideways'], { DATABASE_URL: url })).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: node migrate.js up|plan|verify') });
    expect(await run(migrateJs, ['plan'], {})).toMatchObject({ code: 2, stderr: 'DATABASE_URL is not set; point it at the database to migrate\n' });
  });
});

describe('server.js (bundled) with a database', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  async function startServer(env: Record<string, string>): Promise<{ base: string; output: () => string }> {
    const port = await freePort();
    const child = spawn(process.execPath, [serverJs], { env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    for (let waited = 0; !out.includes('"event":"start"'); waited += 50) {
      if (waited > 5000 || child.exitCode !== null) throw new Error(`server did not start: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { base: `http://127.0.0.1:${port}`, output: () => out };
  }

  const get = async (url: string) => {
    const response = await fetch(url);
    return [response.status, await response.json()];
  };
  const post = async (url: string, body: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    return [response.status, await response.json()];
  };

  it('round-trips notes and reports the schema on /health/database', async () => {
    const url = await freshDatabase();
    expect((await migrate(url, 'up')).code).toBe(0);
    const { base } = await startServer({ DATABASE_URL: url });

    const [status, created] = await post(`${base}/notes`, JSON.stringify({ body: 'ship it' }));
    expect([status, created]).toEqual([201, { id: 1, body: 'ship it', author: 'anonymous', created_at: expect.any(String) }]);
    expect(await get(`${base}/notes`)).toEqual([200, [created]]);
    expect(await get(`${base}/health/database`)).toEqual([200, { status: 'ok', schema: '002_add_note_author' }]);
    expect(await get(`${base}/health`)).toEqual([200, { status: 'ok', version: 'dev' }]);

    expect(await post(`${base}/notes`, '{"body":"  "}')).toEqual([400, { error: 'body must be a non-empty string' }]);
    expect(await post(`${base}/notes`, 'not json')).toEqual([400, { error: 'request body must be JSON like {"body":"..."}' }]);
  });

  it('works against the v1 schema too (no author column)', async () => {
    const url = await freshDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'demo-v1-'));
    try {
      await cp(path.join(migrationsDir, '001_create_notes.sql'), path.join(dir, '001_create_notes.sql'));
      expect((await migrate(url, 'up', { MIGRATIONS_DIR: dir })).code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const { base } = await startServer({ DATABASE_URL: url });
    expect(await post(`${base}/notes`, '{"body":"old"}')).toEqual([201, { id: 1, body: 'old', created_at: expect.any(String) }]);
    expect(await get(`${base}/health/database`)).toEqual([200, { status: 'ok', schema: '001_create_notes' }]);
  });

  it('answers 503 without secrets when the database is unreachable or unmigrated, and /health stays 200', async () => {
    const closed = `postgres://postgres:${encodeURIComponent(postgres.password)}@127.0.0.1:${await freePort()}/app`;
    const { base, output } = await startServer({ DATABASE_URL: closed });
    const [status, body] = await get(`${base}/health/database`);
    expect([status, body]).toEqual([503, { status: 'unavailable', error: expect.stringContaining('ECONNREFUSED') }]);
    expect(await get(`${base}/notes`)).toEqual([503, { error: 'database unavailable', detail: expect.stringContaining('ECONNREFUSED') }]);
    expect(await get(`${base}/health`)).toEqual([200, { status: 'ok', version: 'dev' }]);
    expect(output()).not.toContain(postgres.password);
    expect(output()).not.toContain(encodeURIComponent(postgres.password));

    const unmigrated = await startServer({ DATABASE_URL: await freshDatabase() });
    expect(await get(`${unmigrated.base}/health/database`)).toEqual([503, { status: 'unavailable', error: 'relation "schema_migrations" does not exist' }]);
  });

  it('answers 503 once its database stops, and keeps running', async () => {
    const own = await startPostgres();
    try {
      expect((await migrate(own.url, 'up')).code).toBe(0);
      const { base } = await startServer({ DATABASE_URL: own.url });
      expect(await get(`${base}/health/database`)).toEqual([200, { status: 'ok', schema: '002_add_note_author' }]);
      await own.stop();
      const [status, body] = await get(`${base}/health/database`);
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'unavailable' });
      expect(await get(`${base}/notes`)).toMatchObject([503, { error: 'database unavailable' }]);
      expect(await get(`${base}/health`)).toEqual([200, { status: 'ok', version: 'dev' }]);
    } finally {
      await own.stop().catch(() => undefined); // already stopped on the happy path
    }
  });

  it('without DATABASE_URL: /notes 503, /health/database 404; /health/redis 404 unless REDIS_URL is set', async () => {
    const { base } = await startServer({});
    expect(await get(`${base}/notes`)).toEqual([503, { error: 'database not configured' }]);
    expect(await post(`${base}/notes`, '{"body":"x"}')).toEqual([503, { error: 'database not configured' }]);
    expect(await get(`${base}/health/database`)).toEqual([404, { status: 'not configured' }]);
    expect(await get(`${base}/health/redis`)).toEqual([404, { status: 'not configured' }]);

    const closed = await startServer({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(await get(`${closed.base}/health/redis`)).toEqual([503, { status: 'unavailable', error: expect.stringContaining('ECONNREFUSED') }]);
  });

  const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((bin) => existsSync(bin));
  it.skipIf(!redisServer)('/health/redis answers 200 when a real redis-server answers PONG', async () => {
    const port = await freePort();
    const redis = spawn(redisServer!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(redis);
    const { base } = await startServer({ REDIS_URL: `redis://127.0.0.1:${port}` });
    let answer: unknown[] = [];
    for (let attempt = 0; attempt < 50 && answer[0] !== 200; attempt++) {
      answer = await get(`${base}/health/redis`);
      if (answer[0] !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer).toEqual([200, { status: 'ok' }]);
  });
});

describe('the image ships the migrations chosen at build time', () => {
  const engine = new DockerEngine();
  const REPO = 'ferry-e2e/demo-db-test';
  const built: string[] = [];

  afterAll(async () => {
    for (const tag of built) await engine.removeImage(tag);
  });

  async function build(tag: string, args: Record<string, string>): Promise<string> {
    const ref = `${REPO}:${tag}`;
    await engine.build({ context: appDir, dockerfile: 'Dockerfile', args: { BASE_IMAGE: 'ferry/node-base:local', ...args }, tag: ref }, () => undefined);
    built.push(ref);
    return ref;
  }

  /** `node migrate.js <command>` in a one-off host-network container; output is stdout+stderr. */
  async function runInImage(image: string, command: string, databaseUrl: string): Promise<{ code: number; output: string }> {
    const container = await engine.docker.createContainer({
      name: `ferry-e2e-demo-db-test-${Date.now()}`,
      Image: image,
      Cmd: ['node', 'migrate.js', command],
      Env: [`DATABASE_URL=${databaseUrl}`],
      Tty: true, // one merged, unframed output stream is all these assertions need
      HostConfig: { NetworkMode: 'host' },
    });
    try {
      await container.start();
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${image} ${command} did not finish in 60 s`)), 60_000).unref());
      const { StatusCode } = (await Promise.race([container.wait(), timeout])) as { StatusCode: number };
      const output = (await container.logs({ stdout: true, stderr: true, follow: false })).toString('utf8').replace(/\r\n/g, '\n');
      return { code: StatusCode, output };
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  it('MIGRATIONS_GLOB=001_*.sql ships only 001; the default ships both; DEMO_FAULT=migration-halfway fails halfway', async () => {
    findServerBin('pg_ctl'); // fail fast with an install hint rather than in the middle of docker work
    await engine.ping();
    const v1 = await build('v1', { MIGRATIONS_GLOB: '001_*.sql' });
    const current = await build('current', {});
    const url = await freshDatabase();

    expect(await runInImage(v1, 'plan', url)).toEqual({ code: 0, output: 'pending 001_create_notes\n1 pending migration(s)\n' });
    expect(await runInImage(current, 'plan', url)).toEqual({ code: 0, output: 'pending 001_create_notes\npending 002_add_note_author\n2 pending migration(s)\n' });

    // The upgrade path a deploy takes: v1 migrates, then the new image finds only 002 pending.
    expect(await runInImage(v1, 'up', url)).toMatchObject({ code: 0 });
    expect(await runInImage(v1, 'verify', url)).toEqual({ code: 0, output: 'verified 1 migration(s); schema at 001_create_notes\n' });
    expect(await runInImage(current, 'plan', url)).toEqual({ code: 0, output: 'pending 002_add_note_author\n1 pending migration(s)\n' });

    const faulty = await build('migration-halfway', { DEMO_FAULT: 'migration-halfway' });
    const result = await runInImage(faulty, 'up', url);
    expect(result.code).toBe(1);
    expect(result.output).toContain('applied 002_add_note_author');
    expect(result.output).toContain('migration faults/migration-halfway.sql failed: statement 3 of 3');
    expect(await columns(url, 'audit_log')).toEqual(['id', 'note']);
  });
});
