// Pure: the Prometheus HTTP API's answer to an instant query as samples, or what was wrong with it.
import { printable } from '../../planning/printable.js';
import type { MetricAnswer, MetricSample } from './types.js';

const EXCERPT = 200;

interface ApiBody {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/** `status` and `body` as the server sent them. Scalars become one sample without labels; a range vector or a string is an error. */
export function parseInstantAnswer(status: number, body: string): MetricAnswer {
  let parsed: ApiBody | null = null;
  try {
    parsed = JSON.parse(body) as ApiBody;
  } catch {
    parsed = null;
  }
  if (!parsed || typeof parsed !== 'object') return error(`Prometheus answered HTTP ${status} without its JSON: ${printable(body.trim().slice(0, EXCERPT)) || '(empty body)'}`);
  if (parsed.status !== 'success') return error(`Prometheus answered HTTP ${status}, ${parsed.errorType ?? 'error'}: ${printable(String(parsed.error ?? '(no message)')).slice(0, EXCERPT)}`);
  const { resultType, result } = parsed.data ?? {};
  if (resultType === 'scalar' && Array.isArray(result)) return { kind: 'samples', samples: [{ labels: {}, value: numberOf(result[1]) }] };
  if (resultType === 'vector' && Array.isArray(result)) return { kind: 'samples', samples: result.map(sampleOf) };
  return error(`the query's result is ${resultType === 'matrix' ? 'a range vector' : `of type ${String(resultType)}`}, not a number: write an instant vector or a scalar (e.g. sum(rate(x[1m])))`);
}

function sampleOf(entry: { metric?: Record<string, string>; value?: [number, string] }): MetricSample {
  return { labels: entry.metric ?? {}, value: numberOf(entry.value?.[1]) };
}

// Prometheus writes values as Go formats floats: "5", "0.25", "NaN", "+Inf", "-Inf"
function numberOf(text: unknown): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return typeof text === 'string' && text.trim() !== '' ? Number(text) : NaN;
}

const error = (message: string): MetricAnswer => ({ kind: 'error', message });
