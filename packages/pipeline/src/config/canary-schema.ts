// strategy.steps and strategy.analysis (type: canary): the weights the new version gets, step by step, and
// what its answers must show at each step before the next.
import { z } from 'zod';
import { describeValue, duration } from './fields.js';
import { prometheusCheck } from './prometheus-schema.js';

const weight = z
  .number()
  .int('should be a whole percent 1-100')
  .min(1, 'should be a whole percent 1-100 (0 is where a canary starts; an abort goes back to it)')
  .max(100, 'should be a whole percent 1-100');

// a bare number is the weight held for step_duration; the mapping form pauses or holds for its own duration
const step = z.preprocess(
  (entry) => (typeof entry === 'number' ? { weight: entry } : entry),
  z.object({ weight, pause: z.boolean().default(false), duration: duration(1).optional() }).strict(),
);

/** "1%" or a plain number of percent (1 = 1 %), kept as a fraction (0.01). */
const percent = z.any().transform((value, ctx): number => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/%$/, '') : '';
  const n = text === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `should be a percent 0-100 like "1%" (got ${describeValue(value)})`, params: { hint: 'e.g. max_error_rate: 1%' } });
    return z.NEVER;
  }
  return n / 100;
});

export const canaryAnalysis = z
  .object({
    max_error_rate: percent.default('1%'),
    max_p95_ms: z.number().positive('should be a number of milliseconds > 0').optional(),
    max_p95_ratio: z.number().min(1, 'should be a ratio ≥ 1, e.g. 1.5').optional(),
    min_requests: z.number().int('should be a whole number').min(1, 'should be at least 1').default(50),
    // an inconclusive step (fewer than min_requests) is held this many more step durations, then fails
    max_extensions: z.number().int('should be a whole number').min(0, 'should be 0 or more').default(2),
    prometheus: prometheusCheck.optional(), // one more check each step: a PromQL instant query's value against a limit
  })
  .strict();


export const canarySteps = z
  .array(step)
  .min(1, 'should list at least one weight, e.g. [10, 50, 100]')
  .superRefine((steps, ctx) => {
    steps.forEach((entry, i) => {
      const before = steps[i - 1]?.weight;
      // a weight out of 1-100 has its own message already
      if (before !== undefined && entry.weight <= before && entry.weight >= 1) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'weight'], message: `should be more than the step before it (${before}): weights only go up`, params: { hint: 'e.g. steps: [10, 25, 50, 100]' } });
      }
    });
  });
export const stepDuration = duration(1);

export type CanaryStepEntry = z.output<typeof step>;
export type CanaryAnalysisEntry = z.output<typeof canaryAnalysis>;
