import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain-JS module without type declarations
import { loadMigrations, parseMigration, pendingOf, verifyProblems } from '../src/migrations.js';
// @ts-expect-error plain-JS module without type declarations
import { splitStatements } from '../src/sql-split.js';
// @ts-expect-error plain-JS module without type declarations
import { redact } from '../src/redact.js';
// @ts-expect-error plain-JS module without type declarations
import { pingRequest } from '../src/redis.js';

const shipped = fileURLToPath(new URL('../migrations', import.meta.url));

describe('splitStatements', () => {
  it('splits on top-level semicolons only', () => {
    const sql = [
      "-- a comment; with a semicolon",
      "insert into t values ('a;b', 'it''s; fine', E'back\\';slash');",
      '/* block; /* nested; */ still comment; */',
      'create function f() returns int as $body$ select 1; $body$ language sql;',
      'select "odd;name" from t',
      ';;',
    ].join('\n');
    expect(splitStatements(sql)).toEqual([
      "-- a comment; with a semicolon\ninsert into t values ('a;b', 'it''s; fine', E'back\\';slash')",
      '/* block; /* nested; */ still comment; */\ncreate function f() returns int as $body$ select 1; $body$ language sql',
      'select "odd;name" from t',
    ]);
  });

  it('drops statements that are only comments', () => {
    expect(splitStatements('-- nothing here\n/* or here */\n')).toEqual([]);
  });
});

describe('parseMigration', () => {
  it('reads the id, the transaction mode and the declared columns', () => {
    expect(parseMigration('007_add_things.sql', '-- ferry:no-transaction\n-- ferry:columns things id name\ncreate table things();')).toEqual({
      id: '007_add_things',
      number: 7,
      file: '007_add_things.sql',
      sql: '-- ferry:no-transaction\n-- ferry:columns things id name\ncreate table things();',
      transaction: false,
      columns: { things: ['id', 'name'] },
    });
    expect(parseMigration('010_x.sql', 'select 1; -- ferry:no-transaction').transaction).toBe(true);
  });

  it('rejects a file not named NNN_description.sql', () => {
    expect(() => parseMigration('add-notes.sql', '')).toThrow('add-notes.sql: a migration file must be named NNN_description.sql');
  });
});

describe('loadMigrations', () => {
  it('loads the shipped migrations in order', () => {
    expect(loadMigrations(shipped).map((m: { id: string; transaction: boolean }) => [m.id, m.transaction])).toEqual([
      ['001_create_notes', true],
      ['002_add_note_author', false],
    ]);
  });

  it('orders by number and refuses a reused number', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'demo-migrations-'));
    try {
      await writeFile(path.join(dir, '10_b.sql'), '');
      await writeFile(path.join(dir, '9_a.sql'), '');
      await writeFile(path.join(dir, 'notes.txt'), '');
      expect(loadMigrations(dir).map((m: { id: string }) => m.id)).toEqual(['9_a', '10_b']);
      await writeFile(path.join(dir, '009_c.sql'), '');
      expect(() => loadMigrations(dir)).toThrow('share the number 9; renumber one');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('pendingOf and verifyProblems', () => {
  const migrations = loadMigrations(shipped);
  const current = { notes: ['id', 'body', 'created_at', 'author'] };

  it('lists what is not yet applied', () => {
    expect(pendingOf(migrations, ['001_create_notes']).map((m: { id: string }) => m.id)).toEqual(['002_add_note_author']);
  });

  it('is satisfied when files, history and columns agree', () => {
    expect(verifyProblems(migrations, ['001_create_notes', '002_add_note_author'], current)).toEqual([]);
    expect(verifyProblems(migrations.slice(0, 1), ['001_create_notes'], { notes: ['id', 'body', 'created_at'] })).toEqual([]);
  });

  it('names unrecorded files, unknown rows and column drift', () => {
    expect(verifyProblems(migrations, ['001_create_notes', '003_gone'], { notes: ['id', 'body', 'flagged'] })).toEqual([
      '002_add_note_author is not recorded in schema_migrations (not applied)',
      '003_gone is recorded in schema_migrations but has no file',
      'table notes lacks column(s) created_at',
      'table notes has unexpected column(s) flagged',
    ]);
    expect(verifyProblems(migrations, ['001_create_notes', '002_add_note_author'], {})).toEqual(['table notes is missing']);
  });
});

describe('redact', () => {
  it('removes the URL and its password, raw and percent-encoded', () => {
    const url = `postgres://postgres:${encodeURIComponent('p@ss:/x')}@127.0.0.1:5432/app`;
    expect(redact(`bad ${url} and p@ss:/x and p%40ss%3A%2Fx`, [url])).toBe('bad [REDACTED] and [REDACTED] and [REDACTED]');
  });
});

describe('pingRequest', () => {
  it('sends PING, preceded by AUTH when the URL has a password', () => {
    expect(pingRequest('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, payload: '*1\r\n$4\r\nPING\r\n', replies: 1 });
    expect(pingRequest('redis://:s3cret@localhost')).toEqual({
      host: 'localhost',
      port: 6379,
      payload: '*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n*1\r\n$4\r\nPING\r\n',
      replies: 2,
    });
  });
});
