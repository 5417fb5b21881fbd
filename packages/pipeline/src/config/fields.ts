import { z } from 'zod';
import { DURATION_EXPECTED, DURATION_HINT, parseDuration } from './duration.js';
import { ENGINE_HOST_HINT, parseEngineHost, type EngineAddress } from './engine-host.js';
import { checkImageName } from './image-name.js';
import { VAR_NAME } from './names.js';

// Field schemas whose failures carry their own message and hint (custom issues); the formatter
// adds "(got …)" and a per-key hint to zod's built-in issues instead.

export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function custom(ctx: z.RefinementCtx, message: string, hint: string): typeof z.NEVER {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { hint } });
  return z.NEVER;
}

/** A duration string → milliseconds; `min` rejects e.g. a zero interval. */
export function duration(min = 0) {
  return z.any().transform((value, ctx): number => {
    const ms = typeof value === 'string' ? parseDuration(value) : null;
    if (ms === null) return custom(ctx, `${DURATION_EXPECTED} (got ${describeValue(value)})`, DURATION_HINT);
    if (ms < min) return custom(ctx, `should be at least ${min}ms (got ${describeValue(value)})`, DURATION_HINT);
    return ms;
  });
}

export const port = z
  .number()
  .int('should be a whole port number 1-65535')
  .min(1, 'should be a port number 1-65535')
  .max(65535, 'should be a port number 1-65535');

export const varName = z.string().regex(VAR_NAME, 'should be a variable name: letters, digits and _, not starting with a digit');

/** `KEY: value` map whose values may be written as strings, numbers or booleans; stored as strings. */
export const scalarMap = z.record(
  z.string().superRefine((key, ctx) => {
    if (!VAR_NAME.test(key)) custom(ctx, `${JSON.stringify(key)} is not a valid variable name`, 'use letters, digits and _, not starting with a digit');
  }),
  z.any().transform((value, ctx): string => {
    if (['string', 'number', 'boolean'].includes(typeof value)) return String(value);
    return custom(ctx, `should be a string, number or boolean (got ${describeValue(value)})`, 'quote the value to keep it as text');
  }),
);

export const imageName = z.string().superRefine((name, ctx) => {
  const problem = checkImageName(name);
  if (problem) custom(ctx, problem.message, problem.hint);
});

// Loopback or all interfaces: the router must never be exposed on a specific public address by accident.
const LISTEN = /^(127(?:\.\d{1,3}){3}|0\.0\.0\.0|localhost):(\d{1,5})$/;

export const listen = z.string().transform((text, ctx): { host: string; port: number } => {
  if (/^\[.*\](:\d*)?$|::/.test(text)) {
    // measured on Docker 20.10: a port published on [::] takes IPv6 clients only, so IPv4 ones would be refused
    return custom(ctx, `IPv6 addresses are not supported (got ${describeValue(text)}): the router listens on IPv4`, 'e.g. listen: 0.0.0.0:80 (every IPv4 interface); for IPv6 clients put a dual-stack proxy or load balancer in front');
  }
  const match = LISTEN.exec(text);
  const listenPort = match ? Number(match[2]) : NaN;
  if (!match || match[1]!.split('.').some((octet) => Number(octet) > 255)) {
    return custom(ctx, `should be host:port with a loopback or 0.0.0.0 host (got ${describeValue(text)})`, 'e.g. listen: 127.0.0.1:8080');
  }
  if (listenPort < 1 || listenPort > 65535) {
    return custom(ctx, `port should be 1-65535 (got ${listenPort})`, 'e.g. listen: 127.0.0.1:8080');
  }
  return { host: match[1]!, port: listenPort };
});

// Where ferry reaches the router: a scheme (https with router.tls), a host and a port, no path.
const PUBLIC_URL_HINT = 'e.g. public_url: http://10.0.0.5:8080 (the router\'s published address as this machine reaches it)';

export const publicUrl = z.any().transform((value, ctx): { host: string; port: number; https: boolean } => {
  let url: URL | null = null;
  try {
    url = typeof value === 'string' ? new URL(value.trim()) : null;
  } catch {
    url = null;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname) return custom(ctx, `should be an http:// or https:// URL with a host (got ${describeValue(value)})`, PUBLIC_URL_HINT);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash || url.username || url.password) {
    return custom(ctx, `should be http://host:port with no path, query or user (got ${describeValue(value)})`, PUBLIC_URL_HINT);
  }
  if (url.port === '0') return custom(ctx, `port should be 1-65535 (got ${describeValue(value)})`, PUBLIC_URL_HINT);
  const https = url.protocol === 'https:';
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : https ? 443 : 80, https };
});

export const registryUrl = z
  .string()
  .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'should be host[:port] without a scheme or path');

export const engineHost = z.any().transform((value, ctx): EngineAddress => {
  const parsed = typeof value === 'string' ? parseEngineHost(value) : { problem: `should be a string (got ${describeValue(value)})` };
  if ('problem' in parsed) return custom(ctx, `${parsed.problem} (got ${describeValue(value)})`, ENGINE_HOST_HINT);
  return parsed;
});
