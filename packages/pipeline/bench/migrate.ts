// pnpm bench:migrate [ROWS...] — what a safe migration costs: backup (pg_dump -Fc + fingerprint) and
// bit-exact restore (drop schemas + pg_restore + fingerprint proof, all in one transaction) of a generated database, per size.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { backup, restore } from '../src/ports/database/index.js';
import { dumpPath } from '../src/ports/database/backups.js';
import { psqlArgv } from '../src/ports/database/describe.js';
import { ensureOk, runPg } from '../src/ports/database/exec.js';
import { startPostgres } from '../test/support/postgres.js';

const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['100000', '1000000']).map((arg) => {
  const rows = Number(arg.replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`row count "${arg}" should be a whole number like 100000, 100k or 1m`);
  return rows;
});

// Two tables shaped like an app's: notes with text and an index, and a wide-ish events table.
const generate = (rows: number) => `
  drop schema public cascade; create schema public;
  create table notes (id bigserial primary key, author text not null, body text not null, created_at timestamptz not null default now());
  create index notes_author on notes (author);
  insert into notes (author, body) select 'user' || (g % 1000), repeat(md5(g::text), 3) from generate_series(1, ${rows}) g;
  create table events (id bigserial primary key, note_id bigint not null, kind text not null, payload jsonb not null);
  insert into events (note_id, kind, payload) select g, 'created', jsonb_build_object('n', g, 'tag', md5(g::text)) from generate_series(1, ${Math.ceil(rows / 2)}) g;`;

const mb = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<void> {
  const pg = await startPostgres();
  const dir = await mkdtemp(path.join(tmpdir(), 'ferry-bench-migrate-'));
  try {
    console.log(`PostgreSQL on 127.0.0.1:${pg.port}; backups in ${dir}`);
    console.log('rows (notes + events) | dump size | backup | restore + verify | backup rows/s | restore rows/s | dump MB/s (backup)');
    for (const rows of sizes) {
      ensureOk('generating data', pg.url, await runPg(psqlArgv(generate(rows)), pg.url, { timeoutMs: 30 * 60_000 }));
      const total = rows + Math.ceil(rows / 2);
      const id = `bench-${rows}`;
      let started = performance.now();
      const meta = await backup({ url: pg.url, dir, tag: 'bench', id });
      const backupMs = performance.now() - started;
      started = performance.now();
      const result = await restore({ url: pg.url, backupFile: dumpPath(dir, id) });
      const restoreMs = performance.now() - started;
      if (!result.identical) throw new Error(`restore of ${rows} rows differs: ${result.differences.join('; ')}`);
      console.log(
        [
          `${rows} + ${Math.ceil(rows / 2)}`,
          `${mb(meta.size).toFixed(1)} MB`,
          `${(backupMs / 1000).toFixed(2)} s`,
          `${(restoreMs / 1000).toFixed(2)} s`,
          `${Math.round(total / (backupMs / 1000))}`,
          `${Math.round(total / (restoreMs / 1000))}`,
          `${(mb(meta.size) / (backupMs / 1000)).toFixed(1)}`,
        ].join(' | '),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await pg.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
