// The labelled Node fallback for k6: replays a scenario's arrival rates with autocannon and
// aggregates every response into k6-named metrics, so the same thresholds apply.
import autocannon from 'autocannon';
import { ConfigError, FerryError } from '../../errors.js';
import { describeTarget, isFailedStatus, planSegments, segmentWaves, type Target, type Wave } from './fallback-plan.js';
import { summarizeRequests } from './trend-stats.js';
import type { LoadScenario, MetricSummary } from './types.js';

/** How long a stopped autocannon instance may take to hand back before we move on without it. */
const STOP_GRACE_MS = 2000;
const PROGRESS_EVERY_MS = 1000;

export interface FallbackProgress {
  elapsedMs: number;
  requests: number;
  failures: number;
}

export interface FallbackOptions {
  baseUrl: string; // as k6's BASE_URL
  scenario: Pick<LoadScenario, 'executor' | 'startRate' | 'stages' | 'maxVUs'>;
  paths: readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: FallbackProgress) => void;
  timeoutS?: number; // per request; a timeout counts as a failed request
  percentiles?: readonly string[]; // extra http_req_duration keys such as "p(98)", e.g. trendStatsFor(thresholds)
}

export interface FallbackResult {
  summary: MetricSummary;
  elapsedMs: number;
  aborted: boolean; // the signal stopped the run early; the summary covers what was sent
}

class RequestLog {
  readonly durationsMs: number[] = [];
  requests = 0;
  failed = 0;

  response(status: number, ms: number): void {
    this.requests += 1;
    this.durationsMs.push(ms);
    if (isFailedStatus(status)) this.failed += 1;
  }

  error(): void {
    this.requests += 1;
    this.failed += 1;
  }
}

export async function runFallback(options: FallbackOptions): Promise<FallbackResult> {
  const { baseUrl, scenario, paths, signal, onProgress, timeoutS = 10, percentiles } = options;
  const target = safeTarget(baseUrl, paths);
  const log = new RequestLog();
  const started = performance.now();
  const progress = (): FallbackProgress => ({ elapsedMs: performance.now() - started, requests: log.requests, failures: log.failed });
  const ticker = onProgress ? setInterval(() => onProgress(progress()), PROGRESS_EVERY_MS) : undefined;
  try {
    let segmentEnd = started;
    for (const segment of planSegments(scenario)) {
      if (signal?.aborted) break;
      segmentEnd += segment.durationMs;
      // Each segment ends on the plan's clock, so a slow start shortens it instead of stretching the run.
      if (segment.rate > 0) await runSegment(target, segmentWaves(target, segment, scenario.maxVUs, timeoutS), segmentEnd, log, signal);
      await sleepUntil(segmentEnd, signal);
    }
  } finally {
    clearInterval(ticker);
  }
  const elapsedMs = performance.now() - started;
  onProgress?.(progress());
  const summary = summarizeRequests({ durationsMs: log.durationsMs, requests: log.requests, failed: log.failed, elapsedMs, percentiles });
  return { summary, elapsedMs, aborted: signal?.aborted ?? false };
}

function safeTarget(baseUrl: string, paths: readonly string[]): Target {
  if (!/^https?:\/\//.test(baseUrl) || !URL.canParse(baseUrl)) throw new ConfigError(`load-test base URL: should be an http(s) URL (got "${baseUrl}").`);
  if (paths.length === 0) throw new ConfigError('load-test paths: should list at least one path, e.g. ["/health"].');
  return describeTarget(baseUrl, paths);
}

/** A segment's waves, each started at its offset and stopped at the segment's deadline or on abort. */
async function runSegment(target: Target, waves: Wave[], deadline: number, log: RequestLog, signal?: AbortSignal): Promise<void> {
  const started = performance.now();
  // Each connection starts at the next path, so the paths share the load round-robin as in k6.
  let clients = 0;
  const firstPath = (): number => clients++;
  await Promise.all(
    waves.map(async (wave) => {
      await sleepUntil(started + wave.delayMs, signal);
      if (signal?.aborted || performance.now() >= deadline) return;
      await runWave(target, wave.options, { deadline, log, firstPath, signal });
    }),
  );
}

interface WaveContext {
  deadline: number;
  log: RequestLog;
  firstPath: () => number;
  signal?: AbortSignal;
}

/** One autocannon instance; resolves once autocannon has handed back (or STOP_GRACE_MS after stopping it). */
function runWave(target: Target, options: autocannon.Options, { deadline, log, firstPath, signal }: WaveContext): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let deadlineTimer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let instance: autocannon.Instance | undefined;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadlineTimer);
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', stop);
      if (error) reject(new FerryError(`load test (Node fallback) could not run against ${target.origin}: ${error.message}`));
      else resolve();
    };
    const stop = (): void => {
      instance?.stop();
      graceTimer ??= setTimeout(() => finish(), STOP_GRACE_MS);
    };
    const setupClient = (client: autocannon.Client): void => {
      client.setRequests(rotate(target.requests, firstPath()));
      watchClient(client, log, () => settled);
    };
    instance = autocannon({ ...options, setupClient }, (error) => finish(error ?? undefined));
    if (settled) return;
    deadlineTimer = setTimeout(stop, Math.max(0, deadline - performance.now()));
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Logs one connection's requests. autocannon retries a refused connection in a tight loop and
 * reports every retry as an error, so an error fails only a request that was actually sent.
 */
function watchClient(client: autocannon.Client, log: RequestLog, closed: () => boolean): void {
  let inFlight = 0;
  const fail = (): void => {
    if (inFlight === 0 || closed()) return;
    inFlight -= 1;
    log.error();
  };
  // 'request', 'connError' and 'timeout' are emitted by autocannon 8's lib/httpClient.js but not typed.
  const events: NodeJS.EventEmitter = client;
  events.on('request', () => {
    inFlight += 1;
  });
  client.on('response', (status, _bytes, ms) => {
    inFlight = Math.max(0, inFlight - 1);
    if (!closed()) log.response(status, ms);
  });
  events.on('connError', fail);
  events.on('timeout', fail);
}

function rotate<T extends object>(items: readonly T[], by: number): T[] {
  const start = by % items.length;
  return [...items.slice(start), ...items.slice(0, start)].map((item) => ({ ...item }));
}

function sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
  const ms = at - performance.now();
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
