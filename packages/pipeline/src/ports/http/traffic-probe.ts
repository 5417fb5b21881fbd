import { getOnce } from './get-once.js';
import { recentTraffic, summariseProbe, type ProbeFigures, type ProbeSample, type RecentTraffic } from '../../planning/probe-figures.js';

export interface TrafficProbe {
  readonly url: string;
  failuresSince(at: number): string[]; // failures of requests started at or after `at`
  lastSecond(): RecentTraffic; // requests started in the last whole second
  samplesBetween(from: number, to: number): ProbeSample[]; // answered or not, started in [from, to): a canary step's
  stop(): Promise<ProbeFigures>;
}

const REQUEST_TIMEOUT_MS = 5000;

/**
 * Steady GETs through the router at `rate`/s, each on a fresh connection so a dropped or refused
 * connection shows as a failure; bounded by `maxMs` even if nobody stops it.
 */
export function startTrafficProbe(url: string, rate: number, maxMs: number): TrafficProbe {
  const startedAt = Date.now();
  const samples: ProbeSample[] = [];
  const failures: { at: number; text: string }[] = [];
  const inflight = new Set<Promise<void>>();
  const fire = () => {
    const at = Date.now();
    const fail = (why: string) => failures.push({ at, text: `t+${((at - startedAt) / 1000).toFixed(1)}s ${why}` });
    const started = performance.now();
    const one = getOnce(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
      .then((res) => {
        const ok = res.status < 400;
        const colour = res.headers['x-ferry-colour'];
        samples.push({ at, ms: performance.now() - started, ok, ...(colour !== undefined && { colour }) });
        if (!ok) fail(`HTTP ${res.status}`);
      })
      .catch((error: Error) => {
        samples.push({ at, ms: performance.now() - started, ok: false });
        fail(error.message);
      });
    inflight.add(one);
    void one.finally(() => inflight.delete(one));
  };
  const timer = setInterval(fire, 1000 / rate);
  const limit = setTimeout(() => clearInterval(timer), maxMs);
  let stopped: Promise<ProbeFigures> | undefined;
  return {
    url,
    failuresSince: (at) => failures.filter((f) => f.at >= at).map((f) => f.text),
    lastSecond: () => recentTraffic(samples, Date.now()),
    samplesBetween: (from, to) => samples.filter((s) => s.at >= from && s.at < to),
    stop: () => {
      stopped ??= (async () => {
        clearInterval(timer);
        clearTimeout(limit);
        const endedAt = Date.now();
        await Promise.all([...inflight]);
        return summariseProbe({ url, rate, startedAt, endedAt, samples, failures: failures.map((f) => f.text) });
      })();
      return stopped;
    },
  };
}
