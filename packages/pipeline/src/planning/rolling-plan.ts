// A rolling update's batches, as data: which new replicas start, and which old ones then retire, batch by batch.
export interface RollingBatchPlan {
  batch: number; // 1-based
  start: number[]; // replicas (1-based) of the new colour started and gated in this batch
  retire: number[]; // replicas (1-based) of the old colour drained and stopped once they serve
}

/**
 * Start-first: each batch starts `size` new replicas, then retires as many old ones as keeps the total at the
 * target's count (`replicas`); the old colour's extra replicas (it ran more) go with the first batch.
 */
export function planRolling(oldReplicas: number[], replicas: number, size: number): RollingBatchPlan[] {
  const batches: RollingBatchPlan[] = [];
  let remaining = [...oldReplicas].sort((a, b) => a - b);
  for (let first = 1, batch = 1; first <= replicas; first += size, batch++) {
    const start = Array.from({ length: Math.min(size, replicas - first + 1) }, (_, i) => first + i);
    const serving = first - 1 + start.length;
    // the old keep what tops the new up to the target count, the lowest numbers last to go
    const keep = Math.max(0, replicas - serving);
    const retire = remaining.slice(0, Math.max(0, remaining.length - keep));
    remaining = remaining.slice(retire.length);
    batches.push({ batch, start, retire });
  }
  return batches;
}

/** The new colour's share while `newCount` of its replicas and `oldCount` of the old serve, every replica alike. */
export const rollingPercent = (newCount: number, oldCount: number): number => Math.round((100 * newCount) / (newCount + oldCount));
