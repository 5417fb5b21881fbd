import type { ProbePoint } from './types.js';

// A task output line carries probe data when it reads like
//   "probe: p95=12.5ms failures=0 requests=10"   (order free; "latency=" works as well as "p95=").
const PROBE_LINE = /^\s*probe\b/i;
const LATENCY = /\b(?:p95|latency)\s*[=:]\s*(\d+(?:\.\d+)?)\s*ms\b/i;
const FAILURES = /\b(?:failures|errors|failed)\s*[=:]\s*(\d+)\b/i;
const REQUESTS = /\b(?:requests|reqs)\s*[=:]\s*(\d+)\b/i;

/** The probe figures in one output line, or null when the line is not a probe line. */
export function parseProbeLine(line: string): ProbePoint | null {
  if (!PROBE_LINE.test(line)) return null;
  const latency = LATENCY.exec(line);
  if (!latency) return null;
  return {
    latencyMs: Number(latency[1]),
    failures: Number(FAILURES.exec(line)?.[1] ?? 0),
    requests: Number(REQUESTS.exec(line)?.[1] ?? 0),
  };
}
