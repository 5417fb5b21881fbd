// The metrics port on Prometheus's HTTP API: an instant query by undici, its answer parsed apart (prometheus-answer.ts).
import { describeError } from '../notify/webhook.js';
import { printable } from '../../planning/printable.js';
import { describeInstantQuery } from './describe.js';
import { parseInstantAnswer } from './prometheus-answer.js';
import type { InstantQuery, MetricAnswer, MetricsSource } from './types.js';

export class PrometheusSource implements MetricsSource {
  async query(request: InstantQuery, signal?: AbortSignal): Promise<MetricAnswer> {
    const described = describeInstantQuery(request);
    const timeout = AbortSignal.timeout(request.timeoutMs);
    try {
      const { request: send } = await import('undici'); // loaded only by a canary with analysis.prometheus
      const response = await send(described.url, { method: described.method, headers: described.headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      return parseInstantAnswer(response.statusCode, await response.body.text());
    } catch (error) {
      if (signal?.aborted) throw error; // Ctrl+C ends the canary, it is no answer to judge
      const why = timeout.aborted ? `no answer within ${request.timeoutMs} ms (analysis.prometheus.timeout)` : printable(describeError(error));
      return { kind: 'error', message: `Prometheus at ${request.url} could not be reached: ${why}` };
    }
  }
}
