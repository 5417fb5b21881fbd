import { reduceRun } from './run-reducer.js';
import { emptySnapshot, type RunEvent, type RunSnapshot } from './types.js';

/** The small store between the listr2 renderer (writes events) and Ink (reads snapshots via useSyncExternalStore). */
export interface RunStore {
  dispatch: (event: RunEvent) => void;
  getSnapshot: () => RunSnapshot;
  subscribe: (listener: () => void) => () => void;
  reset: () => void;
}

export function createRunStore(initial: RunSnapshot = emptySnapshot): RunStore {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  const publish = (next: RunSnapshot) => {
    if (next === snapshot) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    dispatch: (event) => publish(reduceRun(snapshot, event)),
    getSnapshot: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset: () => publish(emptySnapshot),
  };
}
