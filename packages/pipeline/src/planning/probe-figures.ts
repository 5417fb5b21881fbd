// Pure summaries of what the traffic probe saw: overall and per second.
import { percentile } from '@ferry/shared';

export interface ProbeSample {
  at: number; // epoch ms when the request started
  ms: number; // latency until the answer (or the error)
  ok: boolean; // status < 400
  colour?: string; // the X-Ferry-Colour of the answer; none when nothing answered
}

/** The requests of the last whole second: how many, how many failed, their p95, and which colour answered them. */
export interface RecentTraffic {
  requests: number;
  failures: number;
  p95Ms: number;
  byColour: Record<string, number>; // answers per colour, e.g. { green: 9, blue: 1 } during a switch
}

export interface ProbeSecond {
  second: number; // seconds since the probe started
  requests: number;
  failures: number;
  p50: number;
  p95: number;
  max: number;
}

export interface ProbeFigures {
  rate: number; // requests per second asked for
  url: string;
  startedAt: number;
  durationMs: number;
  requests: number;
  failures: number;
  p50: number;
  p95: number;
  max: number;
  firstFailures: string[]; // up to 10, "t+1.2s HTTP 502"
  perSecond: ProbeSecond[];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function latencies(samples: ProbeSample[]) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? 0) };
}

/** Pure: what the samples started in the second before `now` show. */
export function recentTraffic(samples: readonly ProbeSample[], now: number): RecentTraffic {
  const recent = samples.filter((s) => s.at >= now - 1000);
  const byColour: Record<string, number> = {};
  for (const { colour } of recent) if (colour) byColour[colour] = (byColour[colour] ?? 0) + 1;
  return { requests: recent.length, failures: recent.filter((s) => !s.ok).length, p95Ms: latencies(recent).p95, byColour };
}

export function summariseProbe(input: { url: string; rate: number; startedAt: number; endedAt: number; samples: ProbeSample[]; failures: string[] }): ProbeFigures {
  const bySecond = new Map<number, ProbeSample[]>();
  for (const sample of input.samples) {
    const second = Math.floor((sample.at - input.startedAt) / 1000);
    const bucket = bySecond.get(second);
    if (bucket) bucket.push(sample);
    else bySecond.set(second, [sample]);
  }
  const seconds = Math.ceil((input.endedAt - input.startedAt) / 1000);
  const perSecond: ProbeSecond[] = [];
  for (let second = 0; second < Math.max(seconds, bySecond.size); second++) {
    const samples = bySecond.get(second) ?? [];
    perSecond.push({ second, requests: samples.length, failures: samples.filter((s) => !s.ok).length, ...latencies(samples) });
  }
  return {
    rate: input.rate,
    url: input.url,
    startedAt: input.startedAt,
    durationMs: input.endedAt - input.startedAt,
    requests: input.samples.length,
    failures: input.samples.filter((s) => !s.ok).length,
    ...latencies(input.samples),
    firstFailures: input.failures.slice(0, 10),
    perSecond,
  };
}
