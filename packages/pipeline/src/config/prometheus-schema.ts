// strategy.analysis.prometheus: an extra check of each canary step, one PromQL instant query against a limit.
import { z } from 'zod';
import { QUERY_PLACEHOLDERS, unknownPlaceholders } from '../planning/metric-query.js';
import { describeValue, duration } from './fields.js';

const URL_HINT = 'e.g. url: http://127.0.0.1:9090 (where Prometheus answers /api/v1/query; a path prefix may follow)';
const QUERY_HINT = 'e.g. query: sum(rate(http_requests_total{colour="{{canary_colour}}",code=~"5.."}[{{step_duration}}]))';

const issue = (ctx: z.RefinementCtx, message: string, hint: string) => {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { hint } });
  return z.NEVER;
};

/** http(s), a host, an optional path prefix; no query, fragment or credentials (the file is not a place for secrets). */
const url = z.any().transform((value, ctx): string => {
  const parsed = typeof value === 'string' && URL.canParse(value.trim()) ? new URL(value.trim()) : null;
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname) return issue(ctx, `should be an http:// or https:// URL with a host (got ${describeValue(value)})`, URL_HINT);
  if (parsed.search || parsed.hash || parsed.username || parsed.password) return issue(ctx, `should have no query, fragment or user:password (got ${describeValue(value)})`, URL_HINT);
  return parsed.href.replace(/\/+$/, '');
});

const query = z.any().transform((value, ctx): string => {
  if (typeof value !== 'string' || value.trim() === '') return issue(ctx, `should be a PromQL query (got ${describeValue(value)})`, QUERY_HINT);
  const unknown = unknownPlaceholders(value);
  if (unknown.length > 0) return issue(ctx, `has unknown placeholder(s) ${unknown.map((name) => `{{${name}}}`).join(', ')}`, `known: ${Object.keys(QUERY_PLACEHOLDERS).map((name) => `{{${name}}}`).join(', ')}`);
  return value.trim();
});

export const prometheusCheck = z
  .object({
    url,
    query,
    max: z.number().optional(), // above it the step fails
    min: z.number().optional(), // below it the step fails (e.g. a success ratio)
    timeout: duration(1).default('5s'),
  })
  .strict()
  .superRefine((check, ctx) => {
    if (check.max === undefined && check.min === undefined) issue(ctx, 'needs max (or min): the limit the query\'s value is held to', 'e.g. prometheus: { url: http://127.0.0.1:9090, query: …, max: 0.01 }');
    else if (check.max !== undefined && check.min !== undefined && check.min > check.max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['min'], message: `should not be above max (${check.max})`, params: { hint: 'min and max bound the value from below and above' } });
    }
  });

export type PrometheusCheckEntry = z.output<typeof prometheusCheck>;
