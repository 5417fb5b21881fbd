// Hung Docker engines on unix sockets of the test's own, for DOCKER_HOST: one that accepts connections
// and never answers, and one that passes calls to the real engine except chosen ones, which it never answers.
import http from 'node:http';
import net from 'node:net';
import { rm } from 'node:fs/promises';

export interface HungEngine {
  dockerHost: string; // unix://…
  calls: string[]; // "METHOD /path" of every request seen, answered or not (the forwarding engine only)
  hungAt: number | null; // when the first call left unanswered arrived (the fault's start), epoch ms
  close: () => Promise<void>;
}

const REAL_ENGINE = '/var/run/docker.sock';

/** Accepts every connection and never sends a byte. */
export async function silentEngine(socketPath: string): Promise<HungEngine> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  return listening(server, socketPath, [], () => sockets.forEach((s) => s.destroy()));
}

/** Forwards calls to the real engine, except those `hangs` picks (method and path without the API version): never answered. */
export async function engineHanging(socketPath: string, hangs: (call: string) => boolean): Promise<HungEngine> {
  const calls: string[] = [];
  let engine: HungEngine | undefined;
  const server = http.createServer((req, res) => {
    const call = `${req.method} ${(req.url ?? '').replace(/^\/v[\d.]+/, '')}`;
    calls.push(call);
    if (hangs(call)) {
      engine!.hungAt ??= Date.now();
      return; // the request stays open, unanswered
    }
    const upstream = http.request({ socketPath: REAL_ENGINE, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // exec and attach upgrade the connection (hijack): passed through as raw bytes both ways
  const upgraded = new Set<net.Socket>();
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const call = `${req.method} ${(req.url ?? '').replace(/^\/v[\d.]+/, '')}`;
    calls.push(call);
    upgraded.add(socket);
    socket.on('error', () => undefined);
    if (hangs(call)) {
      engine!.hungAt ??= Date.now();
      return;
    }
    const upstream = net.connect(REAL_ENGINE, () => {
      const headers = Object.entries(req.headersDistinct).flatMap(([name, values]) => (values ?? []).map((value) => `${name}: ${value}\r\n`));
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('')}\r\n`);
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
  engine = await listening(server, socketPath, calls, () => {
    server.closeAllConnections();
    upgraded.forEach((s) => s.destroy());
  });
  return engine;
}

/** Picks every call after the first one matching `pattern` (that one is still answered). */
export function everyCallAfter(pattern: RegExp): (call: string) => boolean {
  let seen = false;
  return (call) => {
    if (seen) return true;
    seen = pattern.test(call);
    return false;
  };
}

async function listening(server: net.Server, socketPath: string, calls: string[], dropAll: () => void): Promise<HungEngine> {
  await rm(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    dockerHost: `unix://${socketPath}`,
    calls,
    hungAt: null,
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(socketPath, { force: true });
    },
  };
}
