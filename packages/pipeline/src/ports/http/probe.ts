import { getOnce } from './get-once.js';

export interface ProbeResult {
  ok: boolean; // 2xx
  status: number | null; // null when nothing answered
  ms: number;
  headers: Record<string, string>;
  body: string;
  error?: string;
}

/** One GET on a fresh connection, bounded by timeoutMs; never throws. */
export async function probeHttp(url: string, timeoutMs: number, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<ProbeResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const { status, headers: answered, body } = await getOnce(url, { headers, signal: combined, body: true });
    return { ok: status >= 200 && status < 300, status, ms: performance.now() - started, headers: answered, body };
  } catch (error) {
    const reason = timeout.aborted ? `no answer within ${timeoutMs}ms` : (error as Error).message;
    return { ok: false, status: null, ms: performance.now() - started, headers: {}, body: '', error: reason };
  }
}

export function describeProbe(url: string, result: ProbeResult): string {
  if (result.status === null) return `${url}: ${result.error ?? 'no answer'}`;
  return `${url}: HTTP ${result.status}${result.ok ? '' : ` ${result.body.slice(0, 120)}`}`;
}
