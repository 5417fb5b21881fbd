import type { RunSnapshot, TaskRecord } from './types.js';

export interface TaskRow {
  task: TaskRecord;
  depth: number;
}

/** The task tree flattened in display order (disabled tasks hidden: listr2 never runs them; title-less ones too). */
export function taskRows(snapshot: RunSnapshot): TaskRow[] {
  const rows: TaskRow[] = [];
  const walk = (ids: string[], depth: number) => {
    for (const id of ids) {
      const task = snapshot.tasks[id];
      if (!task || !task.enabled) continue;
      if (!task.title) {
        walk(task.childIds, depth); // a title-less wrapper: its children stand in its place
        continue;
      }
      rows.push({ task, depth });
      walk(task.childIds, depth + 1);
    }
  };
  walk(snapshot.rootIds, 0);
  return rows;
}

const ACTIVE = new Set(['running', 'retrying', 'rolling_back', 'paused']);

/** The deepest task that is working right now, else the last one that did anything: whose output the log pane follows. */
export function focusTask(snapshot: RunSnapshot): TaskRecord | null {
  const rows = taskRows(snapshot);
  const active = rows.filter((r) => ACTIVE.has(r.task.state));
  if (active.length) return active[active.length - 1]!.task;
  const touched = rows.filter((r) => r.task.state !== 'pending');
  return touched.length ? touched[touched.length - 1]!.task : null;
}

export function isActive(task: TaskRecord): boolean {
  return ACTIVE.has(task.state);
}
