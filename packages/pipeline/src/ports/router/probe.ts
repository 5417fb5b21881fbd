import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RouterTrust } from '../http/router-trust.js';
import { COLOURS, type Colour } from '../../config/types.js';
import type { LiveProbe } from './types.js';

function header(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first ? first : null;
}

/**
 * One GET / through the router on a fresh connection (agent: false, so no keep-alive reuse:
 * a reused connection could still be served by an old worker). Null when nothing answers in time.
 * With `agent`, on its kept-open connections: a count once the old workers stopped accepting (split-share.ts).
 */
export function probeRouter(
  listen: { host: string; port: number },
  opts: { signal?: AbortSignal; timeoutMs?: number; tls?: RouterTrust; agent?: Agent } = {},
): Promise<LiveProbe | null> {
  const timeoutMs = opts.timeoutMs ?? 1000;
  return new Promise((resolve) => {
    if (opts.signal?.aborted) return resolve(null);
    const request = opts.tls ? httpsRequest : httpRequest;
    const req = request(
      { host: listen.host, port: listen.port, path: '/', method: 'GET', agent: opts.agent ?? false, headers: opts.agent ? {} : { connection: 'close' }, ...opts.tls },
      (res) => {
        const colour = header(res.headers['x-ferry-colour']);
        res.resume(); // drain the body so the socket closes
        res.on('end', () => clearTimeout(timer));
        resolve({
          colour: COLOURS.includes(colour as Colour) ? (colour as Colour) : null,
          upstream: header(res.headers['x-ferry-upstream']),
          status: res.statusCode ?? 0,
        });
      },
    );
    const finish = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', finish);
      req.destroy();
      resolve(null);
    };
    const timer = setTimeout(finish, timeoutMs);
    opts.signal?.addEventListener('abort', finish, { once: true });
    req.on('error', finish);
    req.on('close', () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', finish);
    });
    req.end();
  });
}
