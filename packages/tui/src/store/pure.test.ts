import { describe, expect, it } from 'vitest';
import { colorsEnabled } from '../components/theme.js';
import { formatDuration, truncate } from '../components/format.js';
import { visibleLines } from '../components/LogPane.js';
import { liveSparkline } from '../components/Sparkline.js';
import { describeColours, describeProgress } from './progress.js';
import { reduceRun } from './run-reducer.js';
import { createRunStore } from './run-store.js';
import { focusTask } from './selectors.js';
import { emptySnapshot, MAX_OUTPUT_LINES } from './types.js';

const added = reduceRun(emptySnapshot, { type: 'added', parentId: null, tasks: [{ id: 'a', title: 'Health gate', enabled: true }] });

describe('reduceRun', () => {
  it('never mutates: every event gives a new snapshot and leaves the old one as it was', () => {
    const next = reduceRun(added, { type: 'state', id: 'a', state: 'running', at: 5 });
    expect(added.tasks.a!.state).toBe('pending');
    expect(next.tasks.a).toMatchObject({ state: 'running', startedAt: 5 });
    expect(next.startedAt).toBe(5);
  });

  it('splits output into lines, drops a repeated poll line, keeps the last 500', () => {
    let s = reduceRun(added, { type: 'output', id: 'a', text: 'starting — 8 s left\nstarting — 8 s left\n' });
    s = reduceRun(s, { type: 'output', id: 'a', text: 'starting — 8 s left' });
    s = reduceRun(s, { type: 'output', id: 'a', text: 'healthy' });
    expect(s.tasks.a!.output).toEqual(['starting — 8 s left', 'healthy']);
    s = reduceRun(s, { type: 'output', id: 'a', text: Array.from({ length: 600 }, (_, i) => `line ${i}`).join('\n') });
    expect(s.tasks.a!.output).toHaveLength(MAX_OUTPUT_LINES);
    expect(s.tasks.a!.output.at(-1)).toBe('line 599');
  });

  it('reads probe points from the typed probe events, never from output text', () => {
    let s = reduceRun(added, { type: 'output', id: 'a', text: 'probe: p95=12.5ms failures=1 requests=10 (last second)' });
    expect(s.probe).toEqual([]);
    s = reduceRun(s, { type: 'progress', id: 'a', event: { kind: 'probe-second', requests: 10, failures: 1, p95Ms: 12.5, byColour: { green: 9 } } });
    expect(s.probe).toEqual([{ latencyMs: 12.5, failures: 1, requests: 10, byColour: { green: 9 } }]);
    expect(s.tasks.a!.progress).toBeNull(); // a probe second feeds the sparklines, not the task's own progress line
    expect(reduceRun(s, { type: 'progress', id: 'gone', event: { kind: 'probe-second', requests: 1, failures: 0, p95Ms: 1, byColour: {} } })).toBe(s);
  });

  it('keeps the latest progress event of each task', () => {
    let s = reduceRun(added, { type: 'progress', id: 'a', event: { kind: 'build-step', step: 1, total: 7, instruction: 'FROM x' } });
    s = reduceRun(s, { type: 'output', id: 'a', text: ' ---> Using cache' }); // a plain line leaves the step count standing
    s = reduceRun(s, { type: 'progress', id: 'a', event: { kind: 'build-step', step: 2, total: 7, instruction: 'WORKDIR /app' } });
    expect(s.tasks.a!.progress).toEqual({ kind: 'build-step', step: 2, total: 7, instruction: 'WORKDIR /app' });
    expect(reduceRun(s, { type: 'progress', id: 'gone', event: { kind: 'monitor-wait', probes: 2, secondsLeft: 3 } })).toBe(s);
  });

  it('ignores events for tasks it never saw', () => {
    expect(reduceRun(added, { type: 'title', id: 'nope', title: 'x' })).toBe(added);
  });

  it('moves the error of a failed attempt to retryError when listr2 retries', () => {
    let s = reduceRun(added, { type: 'message', id: 'a', message: { error: 'not healthy' } });
    s = reduceRun(s, { type: 'state', id: 'a', state: 'retrying', at: 9 });
    expect(s.tasks.a).toMatchObject({ error: null, retryError: 'not healthy', state: 'retrying' });
  });

  it('focuses the deepest working task, else the last one touched', () => {
    let s = reduceRun(added, { type: 'added', parentId: 'a', tasks: [{ id: 'b', title: 'child', enabled: true }] });
    s = reduceRun(s, { type: 'state', id: 'a', state: 'running', at: 1 });
    s = reduceRun(s, { type: 'state', id: 'b', state: 'running', at: 2 });
    expect(focusTask(s)?.id).toBe('b');
    s = reduceRun(s, { type: 'state', id: 'b', state: 'done', at: 3 });
    expect(focusTask(s)?.id).toBe('a');
  });
});

describe('createRunStore', () => {
  it('notifies subscribers on change only, and resets for the next run', () => {
    const store = createRunStore();
    let calls = 0;
    const off = store.subscribe(() => (calls += 1));
    store.dispatch({ type: 'added', parentId: null, tasks: [{ id: 'a', title: 'A', enabled: true }] });
    store.dispatch({ type: 'title', id: 'missing', title: 'x' });
    expect(calls).toBe(1);
    store.reset();
    expect(store.getSnapshot()).toBe(emptySnapshot);
    off();
    store.dispatch({ type: 'added', parentId: null, tasks: [{ id: 'b', title: 'B', enabled: true }] });
    expect(calls).toBe(2);
  });
});

describe('pure helpers', () => {
  it('describes each kind of task progress', () => {
    expect(
      [
        describeProgress({ kind: 'build-step', step: 3, total: 6, instruction: 'COPY . .' }, 10),
        describeProgress({ kind: 'push-bytes', layer: '5f70bf18a086', status: 'Pushing', done: 5_200_000, total: 10_100_000 }, 10),
        describeProgress({ kind: 'health-wait', why: 'HTTP 503', secondsLeft: 7 }),
        describeProgress({ kind: 'monitor-wait', probes: 12, secondsLeft: 4 }),
        describeProgress({ kind: 'load-test', elapsedMs: 12_300, requests: 600, failures: 0 }),
        describeProgress({ kind: 'canary-step', step: 2, steps: 3, weight: 25, secondsLeft: 9 }),
        describeProgress({ kind: 'canary-paused', weight: 50 }),
        describeProgress({ kind: 'rolling-batch', batch: 2, batches: 3, starting: 1, retiring: 1 }, 9),
        describeProgress({ kind: 'rolling-share', batch: 2, batches: 3, newColour: 'green', share: { percent: 50, newReplicas: 2, oldReplicas: 2, confirmMs: 280, observed: { blue: 99, green: 101, unanswered: 0, routerErrors: 0, probes: 200 } } }),
        describeProgress({ kind: 'rolling-share', batch: 3, batches: 3, newColour: 'green', share: { percent: 100, newReplicas: 3, oldReplicas: 0, confirmMs: 120, observed: null } }),
      ],
    ).toEqual([
      '█████░░░░░ step 3/6',
      '█████░░░░░ 5.2MB/10.1MB',
      '⏱ 7s left before the deadline',
      '⏱ 4s left in the monitor window · 12 probes ok',
      'load test: 12s elapsed · 600 requests · 0 failed',
      'canary step 2/3: 25 % to the new version · ⏱ 9s left',
      'canary paused at 50 % · ferry promote or ferry abort',
      'rolling batch 2/3 · ███░░░░░░ · start 1, retire 1',
      'rolling batch 2/3 · 50 % green confirmed (blue 99 · green 101 of 200 probes)',
      'rolling batch 3/3 · 100 % green confirmed (alone)',
    ]);
  });
  it('names the colours that answered the last probe second', () => {
    expect(describeColours({ latencyMs: 3, failures: 0, requests: 10, byColour: { green: 9, blue: 1 } })).toBe('blue 1 · green 9');
    expect(describeColours(undefined)).toBe('');
  });
  it('draws sparklines', () => {
    expect(liveSparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(liveSparkline([0, 0, 4], 2, true)).toBe('▁█');
    expect(liveSparkline([5, 5], 4)).toBe('▁▁');
    expect(liveSparkline([], 4)).toBe('');
  });
  it('formats durations and truncates', () => {
    expect([formatDuration(350), formatDuration(1234), formatDuration(125_000)]).toEqual(['350ms', '1.2s', '2m 05s']);
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
  it('windows the log from its tail', () => {
    const lines = ['1', '2', '3', '4', '5'];
    expect(visibleLines(lines, 2, 0)).toEqual({ lines: ['4', '5'], above: 3, below: 0 });
    expect(visibleLines(lines, 2, 99)).toEqual({ lines: ['1', '2'], above: 0, below: 3 });
  });
  it('honours NO_COLOR (any non-empty value)', () => {
    expect(colorsEnabled({})).toBe(true);
    expect(colorsEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorsEnabled({ NO_COLOR: '' })).toBe(true);
  });
});

import { historyLines } from '../screens/HistoryScreen.js';

describe('history table', () => {
  it('lists newest first with traffic and reason, in fixed columns', () => {
    const entry = (tag: string, outcome: 'succeeded' | 'rolled_back', reason: string | null) =>
      ({ id: tag, env: 'local', action: 'deploy', tag, imageId: null, fromColour: 'blue', toColour: 'green', previousTag: null, startedAt: '', endedAt: `2025-01-0${tag.slice(1)}T10:00:00Z`, outcome, reason }) as const;
    expect(historyLines([entry('v1', 'succeeded', null), entry('v2', 'rolled_back', 'health gate timed out')], 10)).toEqual([
      'WHEN (UTC)       ACTION   TAG          OUTCOME            TRAFFIC',
      '2025-01-02 10:00 deploy   v2           rolled_back        blue → green  health gate timed out',
      '2025-01-01 10:00 deploy   v1           succeeded          blue → green',
    ]);
  });
});
