// The metrics port: one instant query, answered by what the server returned or why it returned nothing usable.

/** One series (or a scalar, with no labels) of an instant query's result; NaN stays NaN. */
export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

export type MetricAnswer = { kind: 'samples'; samples: MetricSample[] } | { kind: 'error'; message: string };

export interface InstantQuery {
  url: string; // the server's base url, no trailing slash
  query: string; // already filled in
  at: number; // epoch ms the query is evaluated at
  timeoutMs: number;
}

export interface MetricsSource {
  /** Throws only when `signal` aborted: an unreachable server or an error from it is an answer too (judged inconclusive). */
  query(request: InstantQuery, signal?: AbortSignal): Promise<MetricAnswer>;
}
