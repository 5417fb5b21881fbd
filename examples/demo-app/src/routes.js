// Request routing: every handler answers [status, body]; server.js writes it and applies faults.
import { createNote, databaseSchema, listNotes, noteProblem } from './database.js';
import { pingRedis } from './redis.js';
import { safeMessage } from './redact.js';

const MAX_REQUEST_BYTES = 64 * 1024;
const NOT_FOUND = [404, { error: 'not found' }];
const NO_DATABASE = [503, { error: 'database not configured' }];

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) throw new HttpError(413, `request body over ${MAX_REQUEST_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body must be JSON like {"body":"..."}');
  }
}

async function notes(req, app) {
  if (!app.db) return NO_DATABASE;
  try {
    if (req.method === 'GET') return [200, await listNotes(app.db)];
    const input = await readJson(req);
    const problem = noteProblem(input);
    if (problem) return [400, { error: problem }];
    return [201, await createNote(app.db, input)];
  } catch (error) {
    if (error instanceof HttpError) return [error.status, { error: error.message }];
    return [503, { error: 'database unavailable', detail: app.db.safe(error) }];
  }
}

async function databaseHealth(app) {
  if (!app.db) return [404, { status: 'not configured' }];
  try {
    return [200, { status: 'ok', schema: await databaseSchema(app.db) }];
  } catch (error) {
    return [503, { status: 'unavailable', error: app.db.safe(error) }];
  }
}

async function redisHealth(app) {
  if (!app.redisUrl) return [404, { status: 'not configured' }];
  try {
    await pingRedis(app.redisUrl);
    return [200, { status: 'ok' }];
  } catch (error) {
    return [503, { status: 'unavailable', error: safeMessage(error, [app.redisUrl]) }];
  }
}

/** [status, body] for one request. `app`: { version, colour, greeting, fault, db, redisUrl, metrics }. */
export async function route(req, app) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const { version, fault } = app;
  if (path === '/notes' && (req.method === 'GET' || req.method === 'POST')) return notes(req, app);
  if (req.method !== 'GET') return NOT_FOUND;
  switch (path) {
    case '/health':
      return fault === 'unhealthy' ? [500, { status: 'unhealthy', version }] : [200, { status: 'ok', version }];
    case '/health/database':
      return databaseHealth(app);
    case '/health/redis':
      return redisHealth(app);
    case '/metrics':
      return [200, app.metrics.render(version)];
    case '/version':
      return [200, { version: fault === 'version-lie' ? 'v0-lie' : version }];
    case '/':
      app.served = (app.served ?? 0) + 1;
      // error500: every answer fails; error5: every 20th (5 %), for a canary's analysis to catch
      return fault === 'error500' || (fault === 'error5' && app.served % 20 === 0)
        ? [500, { error: 'injected fault', version }]
        : [200, { app: 'demo', version, colour: app.colour, greeting: app.greeting }];
    default:
      return NOT_FOUND;
  }
}
