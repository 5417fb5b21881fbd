// The demo service Ferry deploys: plain node:http, plus a notes table in PostgreSQL when
// DATABASE_URL is set. Bundled with esbuild into dist/server.js for the image.
import http from 'node:http';
import { createDatabase } from './database.js';
import { createMetrics, PlainText } from './metrics.js';
import { route } from './routes.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const version = process.env.APP_VERSION || process.env.FERRY_VERSION || 'dev';
const colour = process.env.FERRY_COLOUR ?? null;
// Baked into the image at build time (ARG DEMO_FAULT) so tests can ship a broken release.
const fault = process.env.DEMO_FAULT ?? '';
const SLOW_MS = 800;
const HARD_EXIT_MS = 10_000;

const log = (event, extra = {}) =>
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), event, version, colour, ...extra }) + '\n');

const app = {
  version,
  colour,
  greeting: process.env.GREETING ?? 'hello',
  fault,
  // Optional: without it the app still serves /health; /notes answers 503.
  db: createDatabase(process.env.DATABASE_URL, log),
  redisUrl: process.env.REDIS_URL || null,
  metrics: createMetrics(),
};

let stopping = false;

function send(res, status, body) {
  const plain = body instanceof PlainText;
  const text = plain ? body.text : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': plain ? body.contentType : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-App-Version': version,
    // While draining, a kept-alive socket would hold server.close() open until its timeout.
    ...(stopping ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  const [status, body] = await route(req, app).catch(() => [500, { error: 'internal error' }]);
  app.metrics.observe(new URL(req.url ?? '/', 'http://localhost').pathname, status);
  if (fault === 'slow') setTimeout(() => send(res, status, body), SLOW_MS);
  else send(res, status, body);
});

server.listen(port, host, () => {
  const address = server.address();
  log('start', {
    host,
    port: typeof address === 'object' && address ? address.port : port,
    fault: fault || null,
    database: Boolean(app.db),
    redis: Boolean(app.redisUrl),
  });
  if (fault === 'crash') {
    setTimeout(() => {
      log('crash', { reason: 'DEMO_FAULT=crash' });
      process.exit(1);
    }, 200);
  }
});

function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  // Stop accepting; in-flight requests finish, then close() calls back.
  server.close(async () => {
    await app.db?.pool.end().catch(() => undefined);
    log('shutdown', { signal });
    process.exit(0);
  });
  // Idle keep-alive sockets would otherwise hold close() open until they time out.
  server.closeIdleConnections();
  setTimeout(() => {
    log('shutdown', { signal, forced: true });
    process.exit(0);
  }, HARD_EXIT_MS).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
