import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../store/types.js';
import { renderReport } from '@ferry/pipeline';
import { KEYS, reportsOf, result, snapshotOf, status, taskIn, text, tick, waitForFrame } from '../../test/support/frames.js';
import { EndScreen } from './EndScreen.js';
import { RunView, runLayout } from './RunView.js';

const deployEvents: RunEvent[] = [
  ...taskIn('lock', 'Take the deploy lock', 'done', [{ type: 'message', id: 'lock', message: { duration: 12 } }]),
  ...taskIn('rel', 'Deploy v2 on local', 'running'),
  { type: 'added', parentId: 'rel', tasks: [{ id: 'scan', title: 'Scan image', enabled: true }, { id: 'health', title: 'Wait for green to be healthy', enabled: true }, { id: 'switch', title: 'Switch traffic to green', enabled: true }] },
  { type: 'state', id: 'scan', state: 'running', at: 1100 },
  { type: 'message', id: 'scan', message: { skip: 'trivy is not on PATH' } },
  { type: 'state', id: 'scan', state: 'skipped', at: 1200 },
  { type: 'state', id: 'health', state: 'running', at: 1300 },
  // A step reports progress twice: the typed event (what the view reads) and its plain line (what the log shows).
  { type: 'progress', id: 'health', event: { kind: 'health-wait', why: 'starting', secondsLeft: 8 } },
  { type: 'output', id: 'health', text: 'starting — 8 s left' },
  { type: 'progress', id: 'health', event: { kind: 'probe-second', requests: 10, failures: 0, p95Ms: 12, byColour: { blue: 10 } } },
  { type: 'progress', id: 'health', event: { kind: 'probe-second', requests: 10, failures: 2, p95Ms: 30, byColour: { blue: 6, green: 2 } } },
  { type: 'output', id: 'health', text: 'probe: p95=12ms failures=0 requests=10 (last second)\nprobe: p95=30ms failures=2 requests=10 (last second)' },
  { type: 'progress', id: 'health', event: { kind: 'health-wait', why: 'starting', secondsLeft: 7 } },
  { type: 'output', id: 'health', text: 'starting — 7 s left' },
];

const request = { action: 'deploy', env: 'local', tag: 'v2' } as const;
const serving = status('local', { colour: 'blue', version: 'v1', health: 'healthy' });

describe('RunView', () => {
  it('shows header, live task tree, probe sparklines with the colours that answered, the deadline countdown and the running task’s log', () => {
    const { lastFrame, unmount } = render(<RunView snapshot={snapshotOf(deployEvents)} request={request} status={serving} now={4000} width={80} height={24} />);
    expect(text(lastFrame())).toMatchInlineSnapshot(`
      "ferry local · blue v1 (healthy)                                             3.0s
      ▸ deploy v2 to local
      ✔ Take the deploy lock  12ms
      ⠋ Deploy v2 on local  3.0s
        ↓ Scan image  skipped: trivy is not on PATH
        ⠋ Wait for green to be healthy  2.7s
        ◻ Switch traffic to green
      latency  ▁█ 30ms  answered by blue 6 · green 2
      errors   ▁█ 2
      ⏱ 7s left before the deadline
      ── log: Wait for green to be healthy ───────────────────────────────────────────
      starting — 8 s left
      probe: p95=12ms failures=0 requests=10 (last second)
      probe: p95=30ms failures=2 requests=10 (last second)
      starting — 7 s left
      ↑↓ task  f follow  u/d scroll log  ctrl+c cancel (rolls back)"
    `);
    unmount();
  });

  it('says it is cancelling after Ctrl+C, and fits 80×24', () => {
    const { lastFrame, unmount } = render(<RunView snapshot={snapshotOf(deployEvents)} request={request} status={serving} now={4000} width={80} height={24} cancelling />);
    const frame = text(lastFrame());
    expect(frame).toContain('Cancelling: undoing what this run changed… (ctrl+c again exits at once, code 3)');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(Math.max(...frame.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    unmount();
  });

  it('lets a person pick another task and scroll its log', async () => {
    const events: RunEvent[] = [...deployEvents, { type: 'output', id: 'lock', text: Array.from({ length: 20 }, (_, i) => `lock line ${i + 1}`).join('\n') }];
    const { lastFrame, stdin, unmount } = render(<RunView snapshot={snapshotOf(events)} request={request} status={serving} now={4000} width={80} height={24} />);
    await tick(20);
    for (const key of [KEYS.up, KEYS.up, KEYS.up]) {
      stdin.write(key);
      await tick(10);
    }
    let frame = await waitForFrame(lastFrame, (f) => f.includes('── log: Take the deploy lock'));
    expect(frame).toContain('lock line 20');
    stdin.write('u');
    frame = await waitForFrame(lastFrame, (f) => f.includes('newer below'));
    expect(frame).toContain('── log: Take the deploy lock (5 newer below)');
    expect(frame).toContain('lock line 15');
    expect(frame).not.toContain('lock line 20');
    stdin.write('f');
    frame = await waitForFrame(lastFrame, (f) => f.includes('── log: Wait for green'));
    unmount();
  });

  it('gives the tree the room the log and probe do not need', () => {
    expect(runLayout(24, false)).toEqual({ tree: 12, log: 6 });
    expect(runLayout(24, true)).toEqual({ tree: 11, log: 5 });
    expect(runLayout(24, true, 4)).toEqual({ tree: 8, log: 4 }); // a canary's table: header, two steps, the countdown
  });
});

const finished = snapshotOf([
  ...taskIn('lock', 'Take the deploy lock', 'done', [{ type: 'message', id: 'lock', message: { duration: 12 } }]),
  ...taskIn('rel', 'Recovered: traffic is on the previous version', 'rolled_back'),
  { type: 'added', parentId: 'rel', tasks: [{ id: 'sw', title: 'Switch traffic to green', enabled: true }] },
  ...[{ type: 'state', id: 'sw', state: 'running', at: 1100 }, { type: 'message', id: 'sw', message: { error: 'router still answers blue' } }, { type: 'state', id: 'sw', state: 'failed', at: 1200 }] as RunEvent[],
  { type: 'ended', error: null },
]);

type Handlers = Partial<Record<'onRollback' | 'onNew' | 'onQuit' | 'onReport' | 'onContainerLogs', () => void>>;

function end(over: Parameters<typeof result>[0], handlers: Handlers = {}, reportLines: string[] | null = null) {
  return render(
    <EndScreen
      request={request}
      end={{ kind: 'result', result: result(over) }}
      snapshot={finished}
      status={serving}
      width={80}
      height={24}
      reportLines={reportLines}
      onRollback={handlers.onRollback ?? (() => undefined)}
      onNew={handlers.onNew ?? (() => undefined)}
      onQuit={handlers.onQuit ?? (() => undefined)}
      onReport={handlers.onReport ?? (() => undefined)}
      onContainerLogs={handlers.onContainerLogs ?? (() => undefined)}
    />,
  );
}

describe('EndScreen', () => {
  it('shows a success with traffic, timings and task counts', () => {
    const { lastFrame, unmount } = end({});
    expect(text(lastFrame())).toMatchInlineSnapshot(`
      "ferry local · blue v1 (healthy)

      ✔ deploy v2 to local: succeeded  (exit 0)
        v2 is live on green

        traffic: blue v1 → green v2
        probe: 160 requests, 0 failed · p50 3ms · p95 8ms · max 40ms
        release r-20250101-1 · total 12.3s · health 2.1s · switch 45ms
        tasks: 1 done · 1 failed · 1 rolled back

      r roll back  l run log  o app logs  p report  n new run  q quit"
    `);
    unmount();
  });

  it('shows a rolled-back failure with its exit code and message', () => {
    const { lastFrame, unmount } = end({ exitCode: 1, outcome: 'rolled_back', message: 'switch: router still answers blue\nRolled back: v1 on blue still serves.', to: null });
    expect(text(lastFrame())).toMatchInlineSnapshot(`
      "ferry local · blue v1 (healthy)

      ↶ deploy v2 to local: failed and rolled back  (exit 1)
        switch: router still answers blue
        Rolled back: v1 on blue still serves.

        probe: 160 requests, 0 failed · p50 3ms · p95 8ms · max 40ms
        release r-20250101-1 · total 12.3s · health 2.1s · switch 45ms
        tasks: 1 done · 1 failed · 1 rolled back

      r roll back  l run log  o app logs  p report  n new run  q quit"
    `);
    unmount();
  });

  it('shows an unrecovered failure in words a person acts on', () => {
    const { lastFrame, unmount } = end({ exitCode: 3, outcome: 'failed_unrecovered', message: 'boom', recoveryErrors: ['Stop green: engine gone'] });
    const frame = text(lastFrame());
    expect(frame).toContain('✖ deploy v2 to local: FAILED, NOT recovered: a human must act  (exit 3)');
    expect(frame).toContain('  ✖ recovery: Stop green: engine gone');
    expect(frame).toContain('  tried: green v2 (not kept)');
    unmount();
  });

  it('shows an error thrown before anything changed', () => {
    const { lastFrame, unmount } = render(
      <EndScreen request={request} end={{ kind: 'error', message: '--tag "v 2" is not a valid tag', exitCode: 2 }} snapshot={finished} status={serving} width={80} height={24} onRollback={() => undefined} onNew={() => undefined} onQuit={() => undefined} />,
    );
    expect(text(lastFrame()).split('\n').slice(2, 4)).toEqual(['✖ deploy v2 to local: could not start  (exit 2)', '  --tag "v 2" is not a valid tag']);
    unmount();
  });

  it('shows the head of the run’s report under the outcome, within 24 rows', () => {
    const [report] = reportsOf('local');
    const lines = renderReport(report!, { width: 80 });
    const { lastFrame, unmount } = end({ releaseId: report!.id, report: `/srv/ferry/local/reports/${report!.id}.json` }, {}, lines);
    const frame = text(lastFrame());
    expect(frame).toMatchInlineSnapshot(`
      "ferry local · blue v1 (healthy)

      ✔ deploy v2 to local: succeeded  (exit 0)
        v2 is live on green

        traffic: blue v1 → green v2
        probe: 160 requests, 0 failed · p50 3ms · p95 8ms · max 40ms
        release 20261124T173000Z-3f9a · total 12.3s · health 2.1s · switch 45ms
        tasks: 1 done · 1 failed · 1 rolled back

      Report
      deploy local v2 → succeeded (exit 0, 12.3 s)
        release   20261124T173000Z-3f9a · app web · 2026-11-24 17:30:00Z
        traffic   blue v1 → green v2
        image     id sha256:4f2a9c81d07b · digest sha256:9b8a7c6d5e4f
        steps     3 done, 1 skipped
                  - push: no registry configured
        scan      passed · 0 critical, 2 high, 5 medium, 9 low, 0 unknown
        database  backup 20261124T173001Z-web.dump · migrated
        health    healthy after 2.4 s (3 attempts)
      … 10 more lines: p reads the whole report

      r roll back  l run log  o app logs  p report  n new run  q quit"
    `);
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    unmount();
  });

  it('keys: l shows the run’s tasks and logs, o the app’s logs, p/enter the report, r/n/q act', async () => {
    const handlers = { onRollback: vi.fn(), onNew: vi.fn(), onQuit: vi.fn(), onReport: vi.fn(), onContainerLogs: vi.fn() };
    const { lastFrame, stdin, unmount } = end({}, handlers);
    await tick(20);
    stdin.write('l');
    const frame = await waitForFrame(lastFrame, (f) => f.includes('── log:'));
    expect(frame).toContain('↶ Recovered: traffic is on the previous version  rolled back');
    expect(frame).toContain('    → router still answers blue');
    stdin.write(KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('p report'));
    for (const key of ['p', KEYS.enter, 'o', 'r', 'n', 'q']) {
      stdin.write(key);
      await tick(10);
    }
    expect(handlers.onReport).toHaveBeenCalledTimes(2);
    expect(handlers.onContainerLogs).toHaveBeenCalledTimes(1);
    expect(handlers.onRollback).toHaveBeenCalledTimes(1);
    expect(handlers.onNew).toHaveBeenCalledTimes(1);
    expect(handlers.onQuit).toHaveBeenCalledTimes(1);
    unmount();
  });
});
