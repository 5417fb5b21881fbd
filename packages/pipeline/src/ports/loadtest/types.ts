// Shared by the k6 summary parsers, the Node fallback engine and the threshold evaluator.

/** One metric's aggregates, keyed as k6 names them: avg, min, med, max, p(90), p(95), rate, count, value… */
export type MetricValues = Record<string, number>;

/** Metric name (http_req_duration, http_req_failed, http_reqs, …) → its aggregates; durations in ms. */
export type MetricSummary = Record<string, MetricValues>;

/** `{ http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'] }`, as written in the environment file. */
export type Thresholds = Record<string, string[]>;

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  actual?: number; // the aggregate the expression compared, when known
  reason?: string; // why it could not be judged (metric or aggregate missing)
}

/** One step of a scenario (packages/k6-scenarios/scenarios.json): the arrival rate reached at its end. */
export interface LoadStage {
  rate: number; // requests per second
  durationS: number;
}

/** A scenario's shape, shared by the k6 scripts (via scenarios.json) and the Node fallback engine; the paths come from the environment (loadtestPaths). */
export interface LoadScenario {
  name: string;
  description: string;
  /** constant: one stage held at its rate; ramping: linear from the previous rate (startRate first) to each stage's rate. */
  executor: 'constant-arrival-rate' | 'ramping-arrival-rate';
  startRate: number;
  stages: LoadStage[];
  preAllocatedVUs: number;
  maxVUs: number;
}
