import { describe, expect, it } from 'vitest';
import { progressLine, reportDockerProgress, reportProgress, type CanaryJudged, type ProgressEvent } from './progress-events.js';

/** A judged canary step's event: 10 % on green against blue, passed, unless `over` says otherwise. */
function judged(over: Partial<CanaryJudged>): CanaryJudged {
  const figures = { canary: { requests: 52, failures: 0, p95Ms: 12.5 }, stable: { requests: 470, failures: 1, p95Ms: 10 }, source: 'access log' } as const;
  return { kind: 'canary-judged', step: 1, steps: 3, weight: 10, extension: 0, startedAt: 1000, endedAt: 5000, colours: { canary: 'green', stable: 'blue' }, figures, verdict: 'pass', ...over };
}

describe('progressLine', () => {
  it('prints each event in the words the steps have always printed', () => {
    const lines = (
      [
        { kind: 'build-step', step: 3, total: 7, instruction: 'COPY dist ./' },
        { kind: 'push-bytes', layer: '5f70bf18a086', status: 'Pushing', done: 5_200_000, total: 10_100_000 },
        { kind: 'health-wait', why: 'http://127.0.0.1:18081/health: HTTP 503', secondsLeft: 7 },
        { kind: 'monitor-wait', probes: 12, secondsLeft: 4 },
        { kind: 'probe-second', requests: 10, failures: 1, p95Ms: 12.5, byColour: { green: 9 } },
        { kind: 'load-test', elapsedMs: 12_400, requests: 600, failures: 0 },
        { kind: 'canary-step', step: 2, steps: 3, weight: 50, secondsLeft: 9 },
        { kind: 'canary-paused', weight: 30 },
        { kind: 'rolling-batch', batch: 1, batches: 3, starting: 1, retiring: 1 },
        { kind: 'rolling-share', batch: 1, batches: 3, newColour: 'green', share: { percent: 25, newReplicas: 1, oldReplicas: 3, confirmMs: 310, observed: { blue: 150, green: 50, unanswered: 0, routerErrors: 0, probes: 200 } } },
        { kind: 'rolling-share', batch: 3, batches: 3, newColour: 'green', share: { percent: 100, newReplicas: 3, oldReplicas: 0, confirmMs: 1200, observed: null } },
        judged({}),
        judged({ step: 2, extension: 1, weight: 50, verdict: 'fail', reason: 'error rate 5.0 %' }),
      ] satisfies ProgressEvent[]
    ).map(progressLine);
    expect(lines).toEqual([
      'Step 3/7 : COPY dist ./',
      '5f70bf18a086: Pushing 5.2MB/10.1MB',
      'http://127.0.0.1:18081/health: HTTP 503 — 7 s left',
      '12 probes ok — 4 s left',
      'probe: p95=12.5ms failures=1 requests=10 (last second)',
      '12 s: 600 requests, 0 failed',
      'step 2/3: 50 % to the canary — 9 s left',
      'paused at 30 % — waiting for ferry promote or ferry abort',
      'batch 1/3: start 1 new replica(s), then retire 1 old',
      'batch 1/3: 25 % green: blue 150 · green 50 of 200 probes, confirmed in 310 ms',
      'batch 3/3: 100 % green: green alone, confirmed by the switch in 1.2 s',
      'step 1/3 (10 %): canary green 52 req, 0 failed, p95 12.5 ms · stable blue 470 req, 1 failed, p95 10 ms (access log) → pass',
      'step 2+1/3 (50 %): canary green 52 req, 0 failed, p95 12.5 ms · stable blue 470 req, 1 failed, p95 10 ms (access log) → fail: error rate 5.0 %',
    ]);
  });
});

describe('reportProgress', () => {
  it('hands the event to the run’s listener under the task’s id, and its line to the task’s output', () => {
    const heard: [string, ProgressEvent][] = [];
    const ctx = { progress: (id: string, event: ProgressEvent) => heard.push([id, event]) };
    const task = { task: { id: 'task-7' }, output: '' };
    const event: ProgressEvent = { kind: 'monitor-wait', probes: 2, secondsLeft: 9 };
    reportProgress(ctx, task, event);
    expect(heard).toEqual([['task-7', event]]);
    expect(task.output).toBe('2 probes ok — 9 s left');
  });

  it('passes Docker’s plain lines to the output only, its counts to both', () => {
    const heard: ProgressEvent[] = [];
    const ctx = { progress: (_id: string, event: ProgressEvent) => heard.push(event) };
    const task = { task: { id: 'build' }, output: '' };
    reportDockerProgress(ctx, task, { kind: 'line', text: '---> Using cache' });
    expect([heard, task.output]).toEqual([[], '---> Using cache']);
    reportDockerProgress(ctx, task, { kind: 'build-step', step: 2, total: 5, instruction: 'WORKDIR /app' });
    expect([heard, task.output]).toEqual([[{ kind: 'build-step', step: 2, total: 5, instruction: 'WORKDIR /app' }], 'Step 2/5 : WORKDIR /app']);
  });
});
