// One GET on a fresh connection with Node's own http/https (no keep-alive: a reused connection could be
// served by an old router worker). Node's client is part of the runtime; undici's costs ~180 ms to load,
// measured, on every command that probes. A router address trusted by router/tls gets that trust.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tlsOptionsFor } from './router-trust.js';

export interface GetAnswer {
  status: number;
  headers: Record<string, string>; // lower-case names; repeated headers joined by ", "
  body: string; // '' unless asked for
}

/** The request's options, described apart from sending it: fresh connection, `connection: close`, the router's TLS trust. */
export function getOptions(url: URL, headers: Record<string, string>, signal?: AbortSignal) {
  return { method: 'GET', agent: false as const, headers: { ...headers, connection: 'close' }, signal, ...tlsOptionsFor(url) };
}

/** Resolves with the answer (any status), rejects when nothing answered or `signal` aborted. */
export function getOnce(target: string, opts: { headers?: Record<string, string>; signal?: AbortSignal; body?: boolean } = {}): Promise<GetAnswer> {
  const url = new URL(target);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, getOptions(url, opts.headers ?? {}, opts.signal), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => opts.body && chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) flat[key] = Array.isArray(value) ? value.join(', ') : String(value ?? '');
  return flat;
}
