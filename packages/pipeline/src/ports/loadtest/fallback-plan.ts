// What the Node fallback engine will send, described as data: rate segments and autocannon options.
import type autocannon from 'autocannon';
import type { LoadScenario } from './types.js';

/** A stretch of the run held at one arrival rate; rate 0 means wait without sending. */
export interface Segment {
  rate: number; // whole requests per second
  durationMs: number;
}

export interface Target {
  origin: string; // scheme://host:port autocannon connects to
  requests: Array<{ method: 'GET'; path: string }>; // BASE_URL's path + each scenario path, as k6 requests them
}

/**
 * Constant scenarios are one segment. A ramp (linear from startRate through each stage's rate, as k6's
 * ramping-arrival-rate) becomes 1-second steps at the ramp's mean rate over that second; equal neighbours merge.
 */
export function planSegments(scenario: Pick<LoadScenario, 'executor' | 'startRate' | 'stages'>): Segment[] {
  if (scenario.executor === 'constant-arrival-rate') {
    return scenario.stages.map((stage) => ({ rate: stage.rate, durationMs: stage.durationS * 1000 }));
  }
  const steps: Segment[] = [];
  let from = scenario.startRate;
  for (const { rate: to, durationS } of scenario.stages) {
    for (let t = 0; t < durationS; t += 1) {
      const length = Math.min(1, durationS - t);
      const rateAt = (s: number) => from + ((to - from) * s) / durationS;
      steps.push({ rate: Math.round((rateAt(t) + rateAt(t + length)) / 2), durationMs: Math.round(length * 1000) });
    }
    from = to;
  }
  return mergeEqualNeighbours(steps);
}

function mergeEqualNeighbours(steps: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const step of steps) {
    const last = merged[merged.length - 1];
    if (last && last.rate === step.rate) last.durationMs += step.durationMs;
    else merged.push({ ...step });
  }
  return merged;
}

/** The same URLs a k6 run hits: BASE_URL without trailing slashes, then each path. */
export function describeTarget(baseUrl: string, paths: readonly string[]): Target {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, requests: paths.map((path) => ({ method: 'GET', path: `${prefix}${path}` })) };
}

/** Staggered autocannon instances per segment: enough to spread a second's arrivals, few enough to stay cheap. */
export const MAX_WAVES = 10;

/** One autocannon instance of a segment, started delayMs after the segment starts. */
export interface Wave {
  delayMs: number;
  options: autocannon.Options;
}

/**
 * A segment as autocannon runs. autocannon paces each connection per second, so all of a second's
 * requests leave in one burst; k6 spreads arrivals evenly. Waves started at even offsets within the
 * first second split that burst into up to MAX_WAVES smaller ones. Each wave sends `amount` =
 * its rate × duration at `overallRate`, one connection per VU (a connection waits for its
 * response, like a k6 VU), the VUs shared out among the waves. sampleInt 100 ms makes stop() take
 * effect within 100 ms; we aggregate the responses ourselves, so autocannon's aggregate is skipped.
 */
export function segmentWaves(target: Target, segment: Segment, maxVUs: number, timeoutS: number): Wave[] {
  const count = Math.min(MAX_WAVES, segment.rate);
  const spreadMs = Math.min(1000, segment.durationMs);
  return Array.from({ length: count }, (_, i) => {
    const rate = share(segment.rate, count, i);
    const amount = Math.max(1, Math.round((rate * segment.durationMs) / 1000));
    const options: autocannon.Options = {
      url: target.origin,
      requests: target.requests,
      overallRate: rate,
      amount,
      connections: Math.max(1, Math.min(share(maxVUs, count, i), rate, amount)),
      timeout: timeoutS,
      sampleInt: 100,
      skipAggregateResult: true,
    };
    return { delayMs: Math.round((i * spreadMs) / count), options };
  });
}

/** Part i of total split into `parts` whole numbers that differ by at most one. */
function share(total: number, parts: number, i: number): number {
  return Math.floor(total / parts) + (i < total % parts ? 1 : 0);
}

/** k6's http_req_failed: a status of 400 or above (errors and timeouts are counted apart). */
export function isFailedStatus(status: number): boolean {
  return status >= 400;
}
