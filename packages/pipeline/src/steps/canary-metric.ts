// strategy.analysis.prometheus at the end of a canary step: the query, filled for this deploy and step, asked of
// Prometheus at the step's end and judged (planning/canary-metric.ts). Without the key: nothing to judge.
import type { FlowContext } from '../flows/context.js';
import { judgeMetric, type MetricVerdict } from '../planning/canary-metric.js';
import { fillQuery, promDuration } from '../planning/metric-query.js';

export async function checkMetric(ctx: FlowContext, from: number, to: number): Promise<MetricVerdict | null> {
  const check = ctx.config.strategy.canary.analysis.prometheus;
  if (!check) return null;
  const query = fillQuery(check.query, {
    canary_colour: ctx.target!.colour,
    stable_colour: ctx.active!.colour,
    version: ctx.target!.version,
    stable_version: ctx.active!.version,
    app: ctx.config.app,
    env: ctx.config.name,
    step_duration: promDuration(to - from),
  });
  const answer = await ctx.ports.metrics.query({ url: check.url, query, at: to, timeoutMs: check.timeoutMs }, ctx.signal);
  return judgeMetric(answer, check, query);
}
