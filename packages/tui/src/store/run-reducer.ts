import type { ProgressEvent } from '@ferry/pipeline';
import { MAX_OUTPUT_LINES, MAX_PROBE_POINTS, type ProbePoint, type RunEvent, type RunSnapshot, type TaskRecord } from './types.js';

/** Pure: the next snapshot after one task event. Unknown task ids are ignored (a late event after a reset). */
export function reduceRun(snapshot: RunSnapshot, event: RunEvent): RunSnapshot {
  switch (event.type) {
    case 'added':
      return addTasks(snapshot, event.parentId, event.tasks);
    case 'ended':
      return { ...snapshot, ended: true, endError: event.error };
    case 'output':
      return withOutput(snapshot, event.id, event.text);
    case 'progress':
      return withProgress(snapshot, event.id, event.event);
    default:
      return updateTask(snapshot, event.id, (task) => patchFor(task, event, snapshot));
  }
}

function addTasks(snapshot: RunSnapshot, parentId: string | null, added: { id: string; title: string; enabled: boolean }[]): RunSnapshot {
  const fresh = added.filter((t) => !snapshot.tasks[t.id]);
  if (fresh.length === 0) return snapshot;
  const tasks: Record<string, TaskRecord> = { ...snapshot.tasks };
  for (const t of fresh) tasks[t.id] = newTask(t.id, parentId, t.title, t.enabled);
  const ids = fresh.map((t) => t.id);
  const parent = parentId ? tasks[parentId] : undefined;
  if (parent) {
    tasks[parent.id] = { ...parent, childIds: [...parent.childIds, ...ids] };
    return { ...snapshot, tasks };
  }
  return { ...snapshot, tasks, rootIds: [...snapshot.rootIds, ...ids] };
}

function newTask(id: string, parentId: string | null, title: string, enabled: boolean): TaskRecord {
  return {
    id,
    parentId,
    title,
    state: 'pending',
    enabled,
    startedAt: null,
    endedAt: null,
    durationMs: null,
    skipReason: null,
    error: null,
    retryAttempt: null,
    retryError: null,
    output: [],
    progress: null,
    childIds: [],
  };
}

function updateTask(snapshot: RunSnapshot, id: string, patch: (task: TaskRecord) => Partial<TaskRecord>): RunSnapshot {
  const task = snapshot.tasks[id];
  if (!task) return snapshot;
  const next = { ...task, ...patch(task) };
  const startedAt = snapshot.startedAt ?? next.startedAt;
  return { ...snapshot, startedAt, tasks: { ...snapshot.tasks, [id]: next } };
}

function patchFor(task: TaskRecord, event: Exclude<RunEvent, { type: 'added' | 'ended' | 'output' | 'progress' }>, _snapshot: RunSnapshot): Partial<TaskRecord> {
  switch (event.type) {
    case 'title':
      return { title: event.title };
    case 'enabled':
      return { enabled: event.enabled };
    case 'message':
      return messagePatch(event.message);
    case 'state': {
      const { state, at } = event;
      if (state === 'running') return { state, startedAt: task.startedAt ?? at };
      // listr2 reports the failed attempt's error just before RETRY: it belongs to the attempt, not the task.
      if (state === 'retrying') return { state, retryError: task.error ?? task.retryError, error: null };
      const ended = state === 'done' || state === 'failed' || state === 'skipped' || state === 'rolled_back';
      return { state, endedAt: ended ? at : task.endedAt };
    }
  }
}

function messagePatch(message: Extract<RunEvent, { type: 'message' }>['message']): Partial<TaskRecord> {
  const patch: Partial<TaskRecord> = {};
  if (message.duration !== undefined) patch.durationMs = message.duration;
  if (message.error !== undefined) patch.error = message.error;
  if (message.skip !== undefined) patch.skipReason = message.skip;
  if (message.retry) {
    patch.retryAttempt = message.retry.count;
    if (message.retry.error) patch.retryError = message.retry.error;
  }
  return patch;
}

function withOutput(snapshot: RunSnapshot, id: string, text: string): RunSnapshot {
  const lines = text.split(/\r?\n/).filter((line, i, all) => line !== '' || i < all.length - 1);
  if (lines.length === 0) return snapshot;
  // A poll that repeats its line ("starting — 8 s left" ×4) adds nothing to read: keep one.
  return updateTask(snapshot, id, (task) => ({
    output: lines.reduce((out, line) => (out.at(-1) === line ? out : [...out, line]), task.output).slice(-MAX_OUTPUT_LINES),
  }));
}

function withProgress(snapshot: RunSnapshot, id: string, event: ProgressEvent): RunSnapshot {
  if (event.kind !== 'probe-second' && event.kind !== 'canary-judged') return updateTask(snapshot, id, () => ({ progress: event }));
  if (!snapshot.tasks[id]) return snapshot;
  // a judged step goes to the canary's table; its countdown (the task's progress) stays until the next one
  if (event.kind === 'canary-judged') return { ...snapshot, canarySteps: [...snapshot.canarySteps, event] };
  const point: ProbePoint = { latencyMs: event.p95Ms, failures: event.failures, requests: event.requests, byColour: event.byColour };
  return { ...snapshot, probe: [...snapshot.probe, point].slice(-MAX_PROBE_POINTS) };
}
