import { useRef, useState } from 'react';
import { useKeys } from '../components/use-keys.js';
import type { TaskRow } from '../store/selectors.js';

/**
 * ↑/↓ (k/j) pick a task to read its log; f follows the running task again.
 * PgUp/PgDn (u/d) scroll the log; End (G) returns to its tail.
 */
export function useTaskNavigation(rows: TaskRow[], followId: string | null, isActive = true) {
  const [picked, setPicked] = useState<string | null>(null);
  const [scroll, setScroll] = useState(0);
  // Keys can arrive faster than React re-renders: read the latest rows, not the ones this render closed over.
  const latest = useRef({ rows, followId });
  latest.current = { rows, followId };
  const valid = (id: string | null) => id !== null && latest.current.rows.some((r) => r.task.id === id);
  const selectedId = valid(picked) ? picked : followId;
  const move = (step: number) => {
    setPicked((previous) => {
      const { rows: now, followId: follow } = latest.current;
      const at = now.findIndex((r) => r.task.id === (valid(previous) ? previous : follow));
      return now[Math.min(now.length - 1, Math.max(0, at + step))]?.task.id ?? previous;
    });
    setScroll(0);
  };
  useKeys(
    (input, key) => {
      if (key.upArrow || input === 'k') move(-1);
      else if (key.downArrow || input === 'j') move(1);
      else if (input === 'f') {
        setPicked(null);
        setScroll(0);
      } else if (key.pageUp || input === 'u') setScroll((s) => s + 5);
      else if (key.pageDown || input === 'd') setScroll((s) => Math.max(0, s - 5));
      else if (key.end || input === 'G') setScroll(0);
    },
    { isActive },
  );
  return { selectedId, following: picked === null, scroll };
}
