import http from 'node:http';
import https from 'node:https';

export interface LoadResult {
  sent: number;
  failed: number;
  failures: string[];
  failedSentAt: number[]; // when each failed request was sent (epoch ms)
  failedVersions: string[]; // X-App-Version of each failed answer ('' when nothing answered): which release failed
  versions: { sentAt: number; at: number; version: string }[]; // X-App-Version of each good response, in completion order
}

/**
 * A bounded load generator for loopback (or `ownHosts`: addresses of namespaces the test made) only:
 * `rate` requests per second, each on a new connection (no client-side retries that could hide a
 * dropped request), until stop() is called or maxMs passes.
 */
export function startLoad(
  url: string,
  rate: number,
  maxMs = 120_000,
  tls: { ca?: string } = {},
  ownHosts: string[] = [],
): { sent: () => number; answered: () => LoadResult['versions']; stop: () => Promise<LoadResult> } {
  const host = /^https?:\/\/([^/:]+):/.exec(url)?.[1];
  if (host !== '127.0.0.1' && !ownHosts.includes(host ?? '')) throw new Error('load tests target 127.0.0.1 or the test\'s own namespaces only');
  const client = url.startsWith('https:') ? https : http;
  const result: LoadResult = { sent: 0, failed: 0, failures: [], failedSentAt: [], failedVersions: [], versions: [] };
  const inflight = new Set<Promise<void>>();
  const started = Date.now();
  const fire = () => {
    result.sent += 1;
    const sentAt = Date.now();
    const p = new Promise<void>((resolve) => {
      const req = client.get(url, { agent: false, timeout: 5000, ...tls }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) result.versions.push({ sentAt, at: Date.now(), version: String(res.headers['x-app-version']) });
          else fail(`HTTP ${res.statusCode}`, String(res.headers['x-app-version'] ?? ''));
          resolve();
        });
      });
      const fail = (why: string, version = '') => {
        result.failed += 1;
        result.failedSentAt.push(sentAt);
        result.failedVersions.push(version);
        if (result.failures.length < 20) result.failures.push(why);
      };
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => (fail(e.message), resolve()));
    });
    inflight.add(p);
    p.finally(() => inflight.delete(p));
  };
  const timer = setInterval(() => {
    if (Date.now() - started > maxMs) return clearInterval(timer);
    fire();
  }, 1000 / rate);
  return {
    sent: () => result.sent,
    answered: () => result.versions, // the good answers so far, while it runs
    stop: async () => {
      clearInterval(timer);
      await Promise.all([...inflight]);
      return result;
    },
  };
}
