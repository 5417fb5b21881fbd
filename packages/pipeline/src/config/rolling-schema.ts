// strategy.batch and strategy.order (type: rolling): how many replicas are replaced at a time, and in which order.
import { z } from 'zod';
import { describeValue } from './fields.js';

/** A whole number of replicas, or a percent of them ("34%"): kept as { count } or { percent }. */
export const rollingBatch = z.any().transform((value, ctx): RollingBatch => {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return { count: value };
  const percent = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
  const n = percent ? Number(percent[1]) : NaN;
  if (n > 0 && n <= 100) return { percent: n };
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `should be a whole number of replicas ≥ 1 or a percent like "34%" (got ${describeValue(value)})`, params: { hint: 'e.g. batch: 1 (one replica at a time) or batch: 50%' } });
  return z.NEVER;
});

export type RollingBatch = { count: number } | { percent: number };

// start-first: a batch's new replicas serve before the old ones stop (capacity never drops)
export const rollingOrder = z.enum(['start-first']);

/** Replicas per batch out of `replicas`: a percent rounds up (never 0), a count is capped at the replicas. */
export function batchSize(batch: RollingBatch, replicas: number): number {
  const wanted = 'count' in batch ? batch.count : Math.ceil((replicas * batch.percent) / 100);
  return Math.min(replicas, Math.max(1, wanted));
}
