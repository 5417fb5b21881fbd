// The run snapshot: an immutable picture of every listr2 task of one command, built from task events.
import type { CanaryJudged, ProgressEvent } from '@ferry/pipeline';

export type TaskState = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'retrying' | 'rolling_back' | 'rolled_back' | 'paused';

export interface TaskRecord {
  id: string;
  parentId: string | null;
  title: string;
  state: TaskState;
  enabled: boolean;
  startedAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  skipReason: string | null;
  error: string | null;
  retryAttempt: number | null; // the attempt that failed last (listr2 counts from 1)
  retryError: string | null;
  output: string[]; // bounded: the last MAX_OUTPUT_LINES lines
  progress: TaskProgress | null; // the latest the task reported: a bar or a countdown under the tree
  childIds: string[];
}

/** Progress that belongs to one task; the traffic probe's seconds go to the run's sparklines, judged canary steps to its table. */
export type TaskProgress = Exclude<ProgressEvent, { kind: 'probe-second' | 'canary-judged' }>;

/** One second of the traffic probe, as the monitor reported it. */
export interface ProbePoint {
  latencyMs: number; // p95 of that second
  failures: number;
  requests: number;
  byColour: Record<string, number>; // answers per colour
}

export interface RunSnapshot {
  rootIds: string[]; // every Listr instance of the command appends its tasks here, in order
  tasks: Readonly<Record<string, TaskRecord>>;
  probe: ProbePoint[]; // bounded: the last MAX_PROBE_POINTS
  canarySteps: CanaryJudged[]; // each judged canary step with its figures, in order
  startedAt: number | null;
  ended: boolean;
  endError: string | null;
}

/** The events a listr2 renderer turns task changes into. */
export type RunEvent =
  | { type: 'added'; parentId: string | null; tasks: { id: string; title: string; enabled: boolean }[] }
  | { type: 'title'; id: string; title: string }
  | { type: 'enabled'; id: string; enabled: boolean }
  | { type: 'state'; id: string; state: TaskState; at: number }
  | { type: 'output'; id: string; text: string }
  | { type: 'progress'; id: string; event: ProgressEvent }
  | { type: 'message'; id: string; message: TaskMessage }
  | { type: 'ended'; error: string | null };

export interface TaskMessage {
  duration?: number;
  error?: string;
  skip?: string;
  retry?: { count: number; error?: string };
  rollback?: string;
}

export const MAX_OUTPUT_LINES = 500;
export const MAX_PROBE_POINTS = 120;

export const emptySnapshot: RunSnapshot = Object.freeze({ rootIds: [], tasks: {}, probe: [], canarySteps: [], startedAt: null, ended: false, endError: null });
