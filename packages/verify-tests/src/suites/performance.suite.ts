// Performance: p95 latency of sequential requests per endpoint, and a burst of parallel health checks.
import { it } from 'vitest';
import { checkBurst, checkP95, type BurstOutcome } from '../checks/latency.js';
import { get } from '../http.js';
import { failOn, label, target } from './support.js';

const { verify } = target;
// A very slow endpoint must not hold the suite for samples × timeout: stop sampling after this long.
const SAMPLING_BUDGET_MS = 60_000;

async function sampleLatencies(path: string): Promise<number[]> {
  const started = Date.now();
  const samples: number[] = [];
  while (samples.length < verify.samples && (samples.length === 0 || Date.now() - started < SAMPLING_BUDGET_MS)) {
    samples.push((await get(target.baseUrl, path)).ms);
  }
  return samples;
}

for (const endpoint of verify.endpoints) {
  it(`GET ${endpoint.path} p95 within ${verify.maxP95Ms} ms over ${verify.samples} samples`, async () => {
    failOn([checkP95(label(endpoint.path), await sampleLatencies(endpoint.path), verify.maxP95Ms)]);
  });
}

const burstPath = target.healthPath ?? verify.endpoints[0]?.path ?? '/health';
it(`${verify.concurrency} parallel GET ${burstPath} all answer 2xx`, async () => {
  const outcomes = await Promise.all(
    Array.from({ length: verify.concurrency }, (): Promise<BurstOutcome> =>
      get(target.baseUrl, burstPath).then(
        (answer) => answer.status,
        (error: Error) => error.message.replace(/^.*?\((\w+):.*$/, '$1'), // the error code, e.g. ECONNREFUSED
      ),
    ),
  );
  failOn([checkBurst(label(burstPath), outcomes)]);
});
