import { ListrTaskEventType, ListrTaskState, type ListrEventManager, type ListrRenderer, type ListrTaskMessage } from 'listr2';
import type { CustomRender } from '@ferry/pipeline';
import type { RunStore } from '../store/run-store.js';
import type { TaskMessage, TaskState } from '../store/types.js';

// Structural view of listr2's Task: only what this renderer reads (the class is generic over contexts we do not know).
interface ListrTaskLike {
  id: string;
  title?: string;
  enabled?: boolean;
  listr: { parentTask?: { id: string } };
  on(event: ListrTaskEventType, listener: (data: never) => void): unknown;
}

export interface StoreRendererOptions {
  store: RunStore;
  redact?: (text: string) => string; // the command's redactor, handed over by the pipeline: the store never holds a secret
}

const STATES: Record<string, TaskState> = {
  [ListrTaskState.WAITING]: 'pending',
  [ListrTaskState.STARTED]: 'running',
  [ListrTaskState.PROMPT]: 'running',
  [ListrTaskState.PROMPT_COMPLETED]: 'running',
  [ListrTaskState.COMPLETED]: 'done',
  [ListrTaskState.FAILED]: 'failed',
  [ListrTaskState.PROMPT_FAILED]: 'failed',
  [ListrTaskState.SKIPPED]: 'skipped',
  [ListrTaskState.ROLLING_BACK]: 'rolling_back',
  [ListrTaskState.ROLLED_BACK]: 'rolled_back',
  [ListrTaskState.RETRY]: 'retrying',
  [ListrTaskState.PAUSED]: 'paused',
};

/**
 * A listr2 renderer that draws nothing: it turns task events into store events, and Ink draws the store.
 * listr2 builds one per Listr instance (prepare, release, the rollback's undo list); they all feed one store.
 */
export class StoreRenderer implements ListrRenderer {
  static nonTTY = true; // it never writes to the terminal itself, so it is safe anywhere
  static rendererOptions: Record<PropertyKey, unknown> = {};
  static rendererTaskOptions: Record<PropertyKey, unknown> = {};

  private readonly store: RunStore;
  private readonly tasks: ListrTaskLike[];

  constructor(tasks: readonly unknown[], options: Record<PropertyKey, unknown>, _events?: ListrEventManager) {
    const store = (options as Partial<StoreRendererOptions> | undefined)?.store;
    if (!store) throw new Error('StoreRenderer needs rendererOptions.store (a RunStore from createRunStore()).');
    const redact = (options as Partial<StoreRendererOptions>).redact;
    this.store = redact ? { ...store, dispatch: (event) => store.dispatch(maskStrings(event, redact)) } : store;
    this.tasks = tasks as ListrTaskLike[];
  }

  render(): void {
    // A Listr run directly inside a task (the release task's undo list) belongs under that task.
    this.attach(this.tasks, this.tasks[0]?.listr.parentTask?.id ?? null);
  }

  end(error?: Error): void {
    // Nested instances end too; only the store's owner decides when the whole command has ended.
    if (error && !this.tasks[0]?.listr.parentTask) this.store.dispatch({ type: 'ended', error: error.message });
  }

  private attach(tasks: ListrTaskLike[], parentId: string | null): void {
    const { dispatch } = this.store;
    dispatch({ type: 'added', parentId, tasks: tasks.map((t) => ({ id: t.id, title: t.title ?? '', enabled: t.enabled !== false })) });
    for (const task of tasks) {
      const id = task.id;
      task.on(ListrTaskEventType.TITLE, (title: string) => dispatch({ type: 'title', id, title: title ?? '' }));
      task.on(ListrTaskEventType.ENABLED, (enabled: boolean) => dispatch({ type: 'enabled', id, enabled }));
      task.on(ListrTaskEventType.STATE, (state: ListrTaskState) => dispatch({ type: 'state', id, state: STATES[state] ?? 'running', at: Date.now() }));
      task.on(ListrTaskEventType.OUTPUT, (text: string) => dispatch({ type: 'output', id, text: String(text) }));
      task.on(ListrTaskEventType.MESSAGE, (message: ListrTaskMessage) => dispatch({ type: 'message', id, message: toMessage(message) }));
      task.on(ListrTaskEventType.SUBTASK, (subtasks: ListrTaskLike[]) => this.attach(subtasks, id));
    }
  }
}

/** The render mode that feeds `store`: listr2's task events through StoreRenderer, the steps' typed progress beside them. */
export function storeRender(store: RunStore): CustomRender {
  return { renderer: StoreRenderer, options: { store }, onProgress: (id, event) => store.dispatch({ type: 'progress', id, event }) };
}

/** Every string in an event masked; numbers, flags and structure untouched. */
export function maskStrings<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, redact)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, redact)])) as T;
  return value;
}

function toMessage(message: ListrTaskMessage): TaskMessage {
  const out: TaskMessage = {};
  if (typeof message.duration === 'number') out.duration = message.duration;
  if (typeof message.error === 'string') out.error = message.error;
  if (typeof message.skip === 'string') out.skip = message.skip;
  if (typeof message.rollback === 'string') out.rollback = message.rollback;
  if (message.retry) {
    const error = message.retry.error;
    out.retry = { count: message.retry.count, ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}) };
  }
  return out;
}
