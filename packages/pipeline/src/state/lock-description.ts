import { z } from 'zod';

// deploy.lock's content only describes its holder for messages (the OS lock decides who holds it).
// Anything else found there (`null`, `{}`, a torn write) is reported as malformed and reclaimable,
// never trusted, never echoed.
const lockHolderSchema = z.object({ pid: z.number().int(), host: z.string(), command: z.string(), startedAt: z.string() });

export type LockHolder = z.infer<typeof lockHolderSchema>;

/** A live holder that has not written its description yet (pid -1: no process to name). */
export const UNDESCRIBED: LockHolder = { pid: -1, host: 'unknown', command: 'a process that has not described itself yet', startedAt: 'unknown' };
/** What a malformed description stands for: it names no process at all. */
export const MALFORMED: LockHolder = { ...UNDESCRIBED, command: 'a malformed description (torn, or not written by ferry)' };

/** null: no description (empty file); MALFORMED: content that is not a holder record. */
export function parseHolder(text: string): LockHolder | null {
  if (text.trim() === '') return null;
  try {
    const result = lockHolderSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : MALFORMED;
  } catch {
    return MALFORMED;
  }
}

export function describeHolder(h: LockHolder): string {
  return h.pid < 0 ? h.command : `pid ${h.pid} on ${h.host} since ${h.startedAt} (${h.command})`;
}

/** What a stale lock left behind, for status, unlock and the reclaiming command. */
export function describeStale(h: LockHolder): string {
  return h.pid < 0 ? `deploy.lock holds ${h.command}` : `${describeHolder(h)} is no longer running`;
}
