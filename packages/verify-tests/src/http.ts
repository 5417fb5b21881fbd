import { performance } from 'node:perf_hooks';
import { request } from 'undici';

export const REQUEST_TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  text: string;
  json: unknown; // undefined when the body is not JSON
  ms: number; // from sending to the last byte of the body
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

// every request of this process carries these (the suites set them from their target: a preview header)
let sentWithEvery: Record<string, string> = {};
export const sendWithEveryRequest = (headers: Record<string, string>): void => void (sentWithEvery = { ...headers });

/** One request, bounded by REQUEST_TIMEOUT_MS; a network failure throws naming the method and path. */
export async function http(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<HttpAnswer> {
  const started = performance.now();
  try {
    const res = await request(new URL(path, baseUrl), {
      method,
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
      signal,
      headers: { ...sentWithEvery, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, text, json: parseJson(text), ms: performance.now() - started };
  } catch (error) {
    const e = error as Error & { code?: string };
    throw new Error(`${method} ${path}: no answer from ${baseUrl} (${e.code ?? e.name}: ${e.message})`);
  }
}

export const get = (baseUrl: string, path: string, signal?: AbortSignal) => http(baseUrl, 'GET', path, undefined, signal);

/** A short excerpt of a body for a failure message. */
export const excerpt = (text: string, max = 120): string => (text.length > max ? `${text.slice(0, max)}…` : text);
