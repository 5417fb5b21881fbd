// Sends a notification to a webhook (Slack incoming webhook or any JSON endpoint).
// Never throws: a dead webhook must not fail a deploy. The URL is a secret (Slack puts the
// token in the path), so it never appears in what this returns.
import { printable } from '../../planning/printable.js';

export interface WebhookResult {
  ok: boolean;
  status?: number;
  error?: string;
}

export interface WebhookOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const BODY_EXCERPT = 200; // enough for Slack's "invalid_payload"-style answers

/** POST the payload as JSON; ok only for a 2xx answer within timeoutMs. */
export async function sendWebhook(url: string, payload: unknown, options: WebhookOptions = {}): Promise<WebhookResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    if (!URL.canParse(url)) return { ok: false, error: 'webhook URL is not a valid URL' };
    const { request } = await import('undici'); // loaded only by a command that notifies
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal,
    });
    const body = await response.body.text();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true, status };
    const excerpt = body.trim().slice(0, BODY_EXCERPT);
    return { ok: false, status, error: printable(scrubUrl(`HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`, url)) };
  } catch (error) {
    if (options.signal?.aborted) return { ok: false, error: 'cancelled' };
    if (timeout.aborted) return { ok: false, error: `no answer within ${timeoutMs} ms` };
    return { ok: false, error: printable(scrubUrl(describeError(error), url)) };
  }
}

// undici puts the useful part (ECONNREFUSED, ENOTFOUND) in the message or in `cause`.
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
  return `${error.message || error.name}${cause}`;
}

/** Replaces the URL and each identifying part of it (origin, host, path) with "[webhook]". */
export function scrubUrl(text: string, url: string): string {
  const secrets = new Set([url]);
  if (URL.canParse(url)) {
    const parsed = new URL(url);
    const bareHost = parsed.hostname.replace(/^\[|\]$/g, ''); // errors print IPv6 without brackets
    const parts = [parsed.href, parsed.origin, parsed.host, parsed.hostname, bareHost, parsed.pathname, parsed.search, parsed.username, parsed.password];
    for (const part of parts) {
      if (part.length > 1) secrets.add(part);
    }
  }
  // Longest first, so the full URL is replaced before its origin is.
  let scrubbed = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) scrubbed = scrubbed.split(secret).join('[webhook]');
  return scrubbed;
}
