import { Listr } from 'listr2';
import { describe, expect, it } from 'vitest';
import { createRunStore } from '../store/run-store.js';
import { taskRows } from '../store/selectors.js';
import type { RunSnapshot, TaskState } from '../store/types.js';
import { StoreRenderer, storeRender } from './store-renderer.js';

const summary = (snapshot: RunSnapshot) =>
  taskRows(snapshot).map(({ task, depth }) => ({
    depth,
    title: task.title,
    state: task.state,
    skip: task.skipReason,
    error: task.error,
    retry: task.retryAttempt,
    output: task.output,
  }));

function recordStates(store: ReturnType<typeof createRunStore>) {
  const seen = new Map<string, TaskState[]>();
  store.subscribe(() => {
    for (const task of Object.values(store.getSnapshot().tasks)) {
      const states = seen.get(task.title) ?? [];
      if (states.at(-1) !== task.state) seen.set(task.title, [...states, task.state]);
    }
  });
  return seen;
}

describe('StoreRenderer fed by a real listr2 run', () => {
  it('records success, skip, retry, failure and rollback as snapshots', async () => {
    const store = createRunStore();
    const states = recordStates(store);
    let attempts = 0;
    const list = new Listr(
      [
        { title: 'Build', task: async (_ctx, task) => void (task.output = 'step 1/2\nstep 2/2') },
        { title: 'Scan', skip: 'trivy is not installed' },
        {
          title: 'Health',
          retry: 2,
          task: async () => {
            attempts += 1;
            if (attempts === 1) throw new Error('not healthy yet');
          },
        },
        {
          title: 'Release',
          task: (_ctx, task) =>
            task.newListr([
              { title: 'Start green', task: async () => undefined },
              {
                title: 'Switch',
                task: async () => {
                  throw new Error('router answered blue');
                },
              },
            ]),
          rollback: async (_ctx, task) => {
            task.title = 'Recovering: undoing 1 change(s)';
            await task.newListr([{ title: 'Stop green', task: async () => undefined }], { exitOnError: false }).run();
            task.title = 'Recovered';
          },
        },
        { title: 'Never reached', task: async () => undefined },
      ],
      { renderer: StoreRenderer, rendererOptions: { store }, fallbackRenderer: StoreRenderer, fallbackRendererOptions: { store }, registerSignalListeners: false },
    );
    await expect(list.run()).rejects.toThrow('router answered blue');
    const snapshot = store.getSnapshot();
    expect(summary(snapshot)).toEqual([
      { depth: 0, title: 'Build', state: 'done', skip: null, error: null, retry: null, output: ['step 1/2', 'step 2/2'] },
      { depth: 0, title: 'Scan', state: 'skipped', skip: 'trivy is not installed', error: null, retry: null, output: [] },
      { depth: 0, title: 'Health', state: 'done', skip: null, error: null, retry: 1, output: [] },
      { depth: 0, title: 'Recovered', state: 'rolled_back', skip: null, error: 'router answered blue', retry: null, output: [] },
      { depth: 1, title: 'Start green', state: 'done', skip: null, error: null, retry: null, output: [] },
      { depth: 1, title: 'Switch', state: 'failed', skip: null, error: 'router answered blue', retry: null, output: [] },
      { depth: 1, title: 'Stop green', state: 'done', skip: null, error: null, retry: null, output: [] },
      { depth: 0, title: 'Never reached', state: 'pending', skip: null, error: null, retry: null, output: [] },
    ]);
    const health = Object.values(snapshot.tasks).find((t) => t.title === 'Health')!;
    expect(health.retryError).toBe('not healthy yet');
    expect(health.durationMs).toEqual(expect.any(Number));
    expect(states.get('Health')).toEqual(['pending', 'running', 'retrying', 'done']);
    expect(states.get('Switch')).toEqual(['pending', 'running', 'failed']);
    expect(states.get('Recovering: undoing 1 change(s)')).toEqual(['rolling_back']);
    expect(states.get('Recovered')).toEqual(['rolling_back', 'rolled_back']);
    expect(snapshot.ended).toBe(true);
    expect(snapshot.endError).toBe('router answered blue');
  });

  it('accumulates several Listr instances of one command in one store', async () => {
    const store = createRunStore();
    const options = { renderer: StoreRenderer, rendererOptions: { store }, registerSignalListeners: false } as const;
    await new Listr([{ title: 'Take the lock', task: async () => undefined }], options).run();
    await new Listr([{ title: 'Deploy v1', task: async () => undefined }], options).run();
    expect(summary(store.getSnapshot()).map((r) => `${r.title}: ${r.state}`)).toEqual(['Take the lock: done', 'Deploy v1: done']);
  });

  it('files a step’s typed progress under the listr2 task that reported it (the id a step passes is the renderer’s)', async () => {
    const store = createRunStore();
    const render = storeRender(store);
    const options = { renderer: render.renderer, rendererOptions: render.options, registerSignalListeners: false } as const;
    await new Listr(
      [
        {
          title: 'Deploy v2',
          task: (_ctx, parent) =>
            parent.newListr([
              { title: 'Build', task: async (_c, task) => render.onProgress!(task.task.id, { kind: 'build-step', step: 2, total: 5, instruction: 'WORKDIR /app' }) },
              { title: 'Monitor', task: async (_c, task) => render.onProgress!(task.task.id, { kind: 'probe-second', requests: 10, failures: 0, p95Ms: 4, byColour: { green: 10 } }) },
            ]),
        },
      ],
      options,
    ).run();
    const snapshot = store.getSnapshot();
    const build = Object.values(snapshot.tasks).find((t) => t.title === 'Build')!;
    expect(build.progress).toEqual({ kind: 'build-step', step: 2, total: 5, instruction: 'WORKDIR /app' });
    expect(snapshot.probe).toEqual([{ latencyMs: 4, failures: 0, requests: 10, byColour: { green: 10 } }]);
  });

  it('keeps no secret: every title, output line and error passes through the redact option the pipeline hands it', async () => {
    const store = createRunStore();
    const redact = (text: string) => text.split('s3cr3t-value').join('[REDACTED]');
    const options = { renderer: StoreRenderer, rendererOptions: { ...storeRender(store).options, redact }, registerSignalListeners: false } as const;
    await new Listr(
      [
        { title: 'connect s3cr3t-value', task: async (_ctx, task) => void (task.output = 'token=s3cr3t-value') },
        {
          title: 'Migrate',
          task: async () => {
            throw new Error('timed out; last output: s3cr3t-value');
          },
        },
      ],
      options,
    )
      .run()
      .catch(() => undefined);
    const kept = JSON.stringify(store.getSnapshot());
    expect(kept).not.toContain('s3cr3t-value');
    expect(summary(store.getSnapshot())).toMatchObject([
      { title: 'connect [REDACTED]', output: ['token=[REDACTED]'] },
      { title: 'Migrate', state: 'failed', error: 'timed out; last output: [REDACTED]' },
    ]);
  });

  it('refuses to run without a store, naming the option', async () => {
    await expect(new Listr([], { renderer: StoreRenderer, registerSignalListeners: false }).run()).rejects.toThrow('rendererOptions.store');
  });
});
