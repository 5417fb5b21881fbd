/**
 * A read started now and taken later: it runs while an earlier check does, and its failure surfaces where it
 * is taken, never as an unhandled rejection when nobody takes it (the check failed first and is the one reported).
 */
export function readAhead<T>(read: () => Promise<T>): () => Promise<T> {
  const pending = read();
  pending.catch(() => undefined); // handled here; taking it still rejects
  return () => pending;
}
