import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { canaryEvents, judged } from '../../test/support/canary.js';
import { snapshotOf, status, text, tick } from '../../test/support/frames.js';
import { canaryTable, canaryView } from '../store/canary.js';
import type { RunEvent } from '../store/types.js';
import { RunView } from './RunView.js';

const request = { action: 'deploy', env: 'local', tag: 'v2' } as const;
const serving = status('local', { colour: 'blue', version: 'v1', health: 'healthy' });
const paused: RunEvent[] = [...canaryEvents, { type: 'progress', id: 'canary', event: judged({ step: 2, weight: 50 }) }, { type: 'progress', id: 'canary', event: { kind: 'canary-paused', weight: 50 } }];

describe('the canary in the run snapshot', () => {
  it('keeps each judged step with its figures; the countdown stays the task’s progress', () => {
    const snapshot = snapshotOf(canaryEvents);
    expect(snapshot.canarySteps.map((s) => [s.step, s.extension, s.verdict])).toEqual([
      [1, 0, 'inconclusive'],
      [1, 1, 'pass'],
    ]);
    expect(snapshot.tasks.canary!.progress).toEqual({ kind: 'canary-step', step: 2, steps: 3, weight: 50, secondsLeft: 9 });
    expect(snapshotOf([...canaryEvents.slice(0, 3), { type: 'progress', id: 'gone', event: judged({ step: 1, weight: 10 }) }]).canarySteps).toEqual([]);
  });

  it('is live only while a task watches it; its judged steps stay after', () => {
    expect(canaryView(snapshotOf(canaryEvents.slice(0, 3)))).toBeNull(); // no canary reported yet
    expect(canaryView(snapshotOf(canaryEvents))?.live).toMatchObject({ kind: 'canary-step', step: 2 });
    const done = snapshotOf([...canaryEvents, { type: 'state', id: 'canary', state: 'done', at: 9000 }]);
    expect(canaryView(done)).toMatchObject({ live: null, steps: [{ step: 1 }, { step: 1 }] });
    expect(canaryView(snapshotOf([...canaryEvents, { type: 'ended', error: 'x' }]))?.live).toBeNull();
    expect(canaryView(snapshotOf([...canaryEvents, { type: 'state', id: 'canary', state: 'rolling_back', at: 9000 }]))?.live).toBeNull();
  });

  it('draws a table: weight, requests per colour, the canary’s error rate, both p95s, verdict; then the countdown or the pause', () => {
    expect(canaryTable(canaryView(snapshotOf(canaryEvents))!)).toEqual([
      'STEP  WEIGHT REQ GREEN  REQ BLUE   ERR GREEN  P95 GREEN  P95 BLUE   VERDICT',
      '1/3   10 %   12         470        0.0 %      11 ms      10 ms      inconclusive: 12 request(s) reached the canary',
      '1+1/3 10 %   52         470        0.0 %      12.5 ms    10 ms      pass',
      '2/3   50 %   ⏱ 9s left in this step',
    ]);
    const failing = canaryView(snapshotOf([...paused, { type: 'progress', id: 'canary', event: judged({ step: 3, weight: 100, verdict: 'fail', reason: 'error rate 5.0 %' }, { requests: 200, failures: 10, p95Ms: 30 }) }]))!;
    expect(canaryTable(failing, 2)).toEqual([
      'STEP  WEIGHT REQ GREEN  REQ BLUE   ERR GREEN  P95 GREEN  P95 BLUE   VERDICT',
      '2/3   50 %   52         470        0.0 %      12.5 ms    10 ms      pass',
      '3/3   100 %  200        470        5.0 %      30 ms      10 ms      fail: error rate 5.0 %',
      '3/3   50 %   paused until promoted or aborted',
    ]);
    // no request reached a colour: no rate, no p95 to show
    expect(canaryTable({ steps: [judged({ step: 1, weight: 10 }, { requests: 0, failures: 0, p95Ms: 0 })], live: null })[1]).toBe('1/3   10 %   0          470        —          —          10 ms      pass');
  });
});

describe('RunView during a canary', () => {
  it('shows the table under the task tree, the countdown, and p/a as keys', () => {
    const { lastFrame, unmount } = render(<RunView snapshot={snapshotOf(canaryEvents)} request={request} status={serving} now={4000} width={80} height={24} onCanary={() => undefined} canaryNotice="promote asked of the running canary…" />);
    expect(text(lastFrame())).toMatchInlineSnapshot(`
      "ferry local · blue v1 (healthy)                                             3.0s
      ▸ deploy v2 to local
      ⠋ Deploy v2 on local  3.0s
        ⠋ Canary v2 on green: 50 % of requests  2.9s
      STEP  WEIGHT REQ GREEN  REQ BLUE   ERR GREEN  P95 GREEN  P95 BLUE   VERDICT
      1/3   10 %   12         470        0.0 %      11 ms      10 ms      inconclusiv…
      1+1/3 10 %   52         470        0.0 %      12.5 ms    10 ms      pass
      2/3   50 %   ⏱ 9s left in this step
      promote asked of the running canary…
      ── log: Canary v2 on green: 50 % of requests ───────────────────────────────────
      step 1+1/3 (10 %): canary green 52 req, 0 failed, p95 12.5 ms · stable blue 470…
      step 2/3: 50 % to the canary — 9 s left
      p promote  a abort  ↑↓ task  f follow  u/d scroll log  ctrl+c cancel"
    `);
    unmount();
  });

  it('p promotes and a aborts while it runs; not after, not when the view has nowhere to send them', async () => {
    const onCanary = vi.fn();
    const view = (events: RunEvent[], handler: typeof onCanary | null = onCanary) => (
      <RunView snapshot={snapshotOf(events)} request={request} status={serving} now={4000} width={80} height={24} {...(handler ? { onCanary: handler } : {})} />
    );
    const { stdin, rerender, lastFrame, unmount } = render(view(paused));
    await tick(20);
    stdin.write('p');
    await tick(20);
    stdin.write('a');
    await tick(20);
    expect(onCanary.mock.calls).toEqual([['promote'], ['abort']]);

    rerender(view([...paused, { type: 'state', id: 'canary', state: 'done', at: 9000 }]));
    await tick(20);
    stdin.write('p');
    await tick(20);
    expect(onCanary).toHaveBeenCalledTimes(2);
    expect(text(lastFrame())).not.toContain('p promote');
    expect(text(lastFrame())).toContain('2/3   50 %   52'); // the judged steps stay on screen

    rerender(view(paused, null)); // the end screen's replay: no keys to act on
    await tick(20);
    stdin.write('a');
    await tick(20);
    expect(onCanary).toHaveBeenCalledTimes(2);
    expect(text(lastFrame())).not.toContain('a abort');
    unmount();
  });
});
