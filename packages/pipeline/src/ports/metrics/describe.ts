// The Prometheus HTTP API request for one instant query, described apart from sending it.
import type { InstantQuery } from './types.js';

export interface HttpGet {
  method: 'GET';
  url: string;
  headers: Record<string, string>;
}

/** GET <url>/api/v1/query?query=…&time=<seconds> (the end of the step, so a slow answer still reads the step). */
export function describeInstantQuery(request: InstantQuery): HttpGet {
  const params = new URLSearchParams({ query: request.query, time: (request.at / 1000).toFixed(3) });
  return { method: 'GET', url: `${request.url}/api/v1/query?${params}`, headers: { accept: 'application/json' } };
}
