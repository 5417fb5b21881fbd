// The app's PostgreSQL access: one lazily created pool, the notes queries and the database probe.
import pg from 'pg';
import { safeMessage } from './redact.js';

const HEALTH_TIMEOUT_MS = 2000;
const MAX_BODY_CHARS = 10_000;

/** A pool for DATABASE_URL, or null when the app runs without a database. */
export function createDatabase(databaseUrl, log) {
  if (!databaseUrl) return null;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5, connectionTimeoutMillis: HEALTH_TIMEOUT_MS, query_timeout: 5000 });
  // An idle client whose server went away emits 'error'; unhandled, it would crash the app.
  pool.on('error', (error) => log('database-error', { message: safeMessage(error, [databaseUrl]) }));
  return { pool, safe: (error) => safeMessage(error, [databaseUrl]) };
}

export async function listNotes(db) {
  // `*`: the same image runs against the v1 schema (no author column) and the current one.
  const { rows } = await db.pool.query('select * from notes order by id desc limit 100');
  return rows;
}

/** The validation error for a POST /notes body, or null when it is fine. */
export function noteProblem(input) {
  const body = input?.body;
  if (typeof body !== 'string' || body.trim() === '') return 'body must be a non-empty string';
  if (body.length > MAX_BODY_CHARS) return `body must be at most ${MAX_BODY_CHARS} characters`;
  return null;
}

export async function createNote(db, input) {
  const { rows } = await db.pool.query('insert into notes (body) values ($1) returning *', [input.body]);
  return rows[0];
}

function withTimeout(promise, ms, what) {
  let timer;
  // The loser of the race still settles later; without a handler that would be an unhandled rejection.
  promise.catch(() => {});
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The newest applied migration id; throws when the server or the migrations table cannot be read. */
export async function databaseSchema(db) {
  const check = db.pool.query('select 1 as ok, (select id from schema_migrations order by id desc limit 1) as schema');
  const { rows } = await withTimeout(check, HEALTH_TIMEOUT_MS, 'database check');
  return rows[0].schema;
}
