// The demo service Ferry deploys: plain node:http, no dependencies, no build step.
import http from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const version = process.env.APP_VERSION || process.env.FERRY_VERSION || 'dev';
const colour = process.env.FERRY_COLOUR ?? null;
const greeting = process.env.GREETING ?? 'hello';
// Baked into the image at build time (ARG DEMO_FAULT) so tests can ship a broken release.
const fault = process.env.DEMO_FAULT ?? '';
const SLOW_MS = 800;
const HARD_EXIT_MS = 10_000;

const log = (event, extra = {}) =>
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), event, version, colour, ...extra }) + '\n');

let stopping = false;

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-App-Version': version,
    // While draining, a kept-alive socket would hold server.close() open until its timeout.
    ...(stopping ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

function route(req) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method !== 'GET') return [404, { error: 'not found' }];
  if (path === '/health') {
    return fault === 'unhealthy' ? [500, { status: 'unhealthy', version }] : [200, { status: 'ok', version }];
  }
  if (path === '/version') return [200, { version: fault === 'version-lie' ? 'v0-lie' : version }];
  if (path === '/') {
    return fault === 'error500'
      ? [500, { error: 'injected fault', version }]
      : [200, { app: 'demo', version, colour, greeting }];
  }
  return [404, { error: 'not found' }];
}

const server = http.createServer((req, res) => {
  const [status, body] = route(req);
  if (fault === 'slow') setTimeout(() => send(res, status, body), SLOW_MS);
  else send(res, status, body);
});

server.listen(port, host, () => {
  const address = server.address();
  log('start', { host, port: typeof address === 'object' && address ? address.port : port, fault: fault || null });
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
  server.close(() => {
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
