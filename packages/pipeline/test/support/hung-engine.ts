// Hung Docker engines on unix sockets of the test's own, for DOCKER_HOST: one that accepts connections
// and never answers, and one that passes calls to the real engine except chosen ones, which it never answers.
import http from 'node:http';
import net from 'node:net';
import { rm } from 'node:fs/promises';

export interface HungEngine {
  dockerHost: string; // unix://…
  calls: string[]; // "METHOD /path" of every request seen, answered or not (the forwarding engine only)
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
  const server = http.createServer((req, res) => {
    const call = `${req.method} ${(req.url ?? '').replace(/^\/v[\d.]+/, '')}`;
    calls.push(call);
    if (hangs(call)) return; // the request stays open, unanswered
    const upstream = http.request({ socketPath: REAL_ENGINE, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return listening(server, socketPath, calls, () => server.closeAllConnections());
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
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(socketPath, { force: true });
    },
  };
}
