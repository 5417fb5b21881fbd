import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 50;

/** Polls `check` every `everyMs` (default 50ms) until it is true or `timeoutMs` passes; returns whether it became true. */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  signal?: AbortSignal,
  everyMs = POLL_MS,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline || signal?.aborted) return false;
    await sleep(Math.min(everyMs, Math.max(0, deadline - Date.now())));
  }
}
