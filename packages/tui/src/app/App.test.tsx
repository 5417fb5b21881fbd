import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { Handoff, RunInput } from '@ferry/pipeline';
import { StoreRenderer } from '../renderer/store-renderer.js';
import { fakeApi, KEYS, reportsOf, result, tick, waitForFrame } from '../../test/support/frames.js';
import { App, EXIT_INTERRUPTED } from './App.js';
import { createRunStore } from '../store/run-store.js';
import { canaryEvents } from '../../test/support/canary.js';

async function press(stdin: { write: (s: string) => void }, ...keys: string[]) {
  for (const key of keys) {
    stdin.write(key);
    await tick(30);
  }
}

describe('App keyboard navigation (the fake API only checks the wiring; nothing deploys)', () => {
  it('env → deploy → tag → typed approval → runCommand gets the right RunInput → end screen', async () => {
    const api = fakeApi();
    const onExit = vi.fn();
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={onExit} />);
    await waitForFrame(lastFrame, (f) => f.includes('production'));
    await press(stdin, 'j', KEYS.enter); // production
    await waitForFrame(lastFrame, (f) => f.includes('What to do on production?'));
    await press(stdin, KEYS.enter); // deploy
    await waitForFrame(lastFrame, (f) => f.includes('Deploy to production: which tag?') && f.includes('v0'));
    await press(stdin, 'v', '9', KEYS.enter);
    await waitForFrame(lastFrame, (f) => f.includes('Approval required'));
    await press(stdin, 'production', KEYS.enter);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('succeeded'));
    expect(frame).toContain('✔ deploy v9 to production: succeeded  (exit 0)');
    expect(api.runs).toHaveLength(1);
    const { signal, render: mode, ...input } = api.runs[0]!;
    expect(input).toEqual({
      action: 'deploy',
      environmentsDir: 'envs',
      env: 'production',
      tag: 'v9',
      yes: true,
      interactive: false,
      command: 'pnpm pipeline: ferry deploy --env production --tag v9',
    });
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(typeof mode === 'object' && mode.renderer).toBe(StoreRenderer);
    await press(stdin, 'q');
    expect(onExit).toHaveBeenCalledWith(0);
    unmount();
  });

  it('rollback: picks a kept version, confirms with y, and quitting after a failed run exits with its code', async () => {
    const api = fakeApi({
      runCommand: async (input: RunInput) => {
        api.runs.push(input);
        return result({ action: 'rollback', exitCode: 1, outcome: 'rolled_back', message: 'health: v0 never became healthy' });
      },
    });
    const onExit = vi.fn();
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={onExit} />);
    await waitForFrame(lastFrame, (f) => f.includes('local'));
    await press(stdin, KEYS.enter); // local
    // Each key waits for its screen: a key sent before the next screen listens is lost on a busy machine.
    await waitForFrame(lastFrame, (f) => f.includes('What to do on local?'));
    await press(stdin, 'j', KEYS.enter); // rollback
    await waitForFrame(lastFrame, (f) => f.includes('Roll back local: to which version?') && f.includes('v0'));
    await press(stdin, KEYS.enter);
    await waitForFrame(lastFrame, (f) => f.includes('Roll back local to v0?'));
    await press(stdin, 'y');
    await waitForFrame(lastFrame, (f) => f.includes('failed and rolled back'));
    expect(api.runs[0]).toMatchObject({ action: 'rollback', env: 'local', to: 'v0', yes: true });
    await press(stdin, 'q');
    expect(onExit).toHaveBeenCalledWith(1);
    unmount();
  });

  it('Ctrl+C during a run aborts the signal (the run then rolls back); a second one exits 3', async () => {
    let seen: AbortSignal | undefined;
    const api = fakeApi({ runCommand: (input) => ((seen = input.signal), new Promise(() => undefined)) });
    const onExit = vi.fn();
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={onExit} initial={{ name: 'confirm', request: { action: 'deploy', env: 'local', tag: 'v2' } }} />);
    await waitForFrame(lastFrame, (f) => f.includes('Deploy v2 to local?'));
    await press(stdin, KEYS.enter);
    await waitForFrame(lastFrame, (f) => f.includes('ctrl+c cancel'));
    await press(stdin, KEYS.ctrlC);
    expect(seen?.aborted).toBe(true);
    expect(await waitForFrame(lastFrame, (f) => f.includes('Cancelling'))).toContain('Cancelling: undoing what this run changed');
    expect(onExit).not.toHaveBeenCalled();
    await press(stdin, KEYS.ctrlC);
    expect(onExit).toHaveBeenCalledWith(EXIT_INTERRUPTED);
    unmount();
  });

  it('validate, logs and report read the pipeline (esc returns to the actions); so do status and history', async () => {
    const api = fakeApi();
    const validate = vi.spyOn(api, 'validateDeployment');
    const onExit = vi.fn();
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={onExit} initial={{ name: 'actions', env: 'local' }} />);
    await waitForFrame(lastFrame, (f) => f.includes('report'));
    await press(stdin, 'j', 'j', KEYS.enter); // validate
    let frame = await waitForFrame(lastFrame, (f) => f.includes('verification passed'));
    expect(frame).toContain('✔ passed: 4 of 4 checks in 3.1s');
    expect(frame).toContain('  ✓ GET /health answers 200 (14 ms)');
    expect(validate).toHaveBeenCalledWith(expect.objectContaining({ name: 'local' }), expect.any(AbortSignal));
    await press(stdin, KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('What to do on local?'));
    await press(stdin, 'j', 'j', 'j', 'j', 'j', KEYS.enter); // logs
    frame = await waitForFrame(lastFrame, (f) => f.includes('web-local-blue'));
    expect(frame).toContain('web-local-blue · version v1 · last 60 of at most 200 lines');
    expect(frame).toContain('GET /health 200 60');
    await press(stdin, 'b');
    await waitForFrame(lastFrame, (f) => f.includes('What to do on local?'));
    await press(stdin, 'j', 'j', 'j', 'j', 'j', 'j', KEYS.enter); // report: two of them, so a list
    await waitForFrame(lastFrame, (f) => f.includes('Reports of local: which one?'));
    await press(stdin, KEYS.enter); // the newest
    frame = await waitForFrame(lastFrame, (f) => f.includes('Report 20261124T180000Z-77c1'));
    expect(frame).toContain('deploy local v3 → rolled back (exit 1, 41.0 s)');
    await press(stdin, KEYS.escape, KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('What to do on local?'));
    await press(stdin, 'j', 'j', 'j', KEYS.enter);
    frame = await waitForFrame(lastFrame, (f) => f.includes('CONTAINER'));
    expect(frame).toContain('active    blue    v1               running    healthy     abc123def456');
    await press(stdin, KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('What to do on local?'));
    await press(stdin, 'j', 'j', 'j', 'j', KEYS.enter);
    // Wait for the loaded content, not the title: the history is read asynchronously after the title shows.
    expect(await waitForFrame(lastFrame, (f) => f.includes('No releases yet.'))).toContain('History of local');
    await press(stdin, KEYS.ctrlC);
    expect(onExit).toHaveBeenCalledWith(0);
    unmount();
  });

  it('the end screen shows the run’s report; p opens it, o the app’s logs, esc comes back; q leaves with the run’s code', async () => {
    const api = fakeApi({
      runCommand: async (input: RunInput) => {
        api.runs.push(input);
        const report = reportsOf('local')[1]!; // the rolled-back sample stands for this run's report
        return result({ exitCode: 1, outcome: 'rolled_back', message: 'loadtest: threshold crossed', to: null, releaseId: report.id, report: `/srv/ferry/local/reports/${report.id}.json` });
      },
    });
    const onExit = vi.fn();
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={onExit} initial={{ name: 'confirm', request: { action: 'deploy', env: 'local', tag: 'v3' } }} />);
    await waitForFrame(lastFrame, (f) => f.includes('Deploy v3 to local?'));
    await press(stdin, 'y');
    let frame = await waitForFrame(lastFrame, (f) => f.includes('Report') && f.includes('deploy local v3 → rolled back'));
    expect(frame).toContain('↶ deploy v3 to local: failed and rolled back  (exit 1)');
    expect(frame).toContain('  reason    load test failed: http_req_duration p(95)<500 (actual 812.4)');
    await press(stdin, 'p');
    frame = await waitForFrame(lastFrame, (f) => f.includes('Report 20261124T180000Z-77c1'));
    expect(frame).toContain('first failures: t+2.1s HTTP 502');
    await press(stdin, KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('failed and rolled back'));
    await press(stdin, 'o');
    await waitForFrame(lastFrame, (f) => f.includes('web-local-blue · version v1'));
    await press(stdin, KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('failed and rolled back'));
    await press(stdin, KEYS.enter);
    await waitForFrame(lastFrame, (f) => f.includes('Report 20261124T180000Z-77c1'));
    await press(stdin, 'q');
    expect(onExit).toHaveBeenCalledWith(1);
    unmount();
  });
});

// A paste, or a fast typist on a busy machine, reaches Ink as ONE chunk ("v1\r"): it must act key by key.
describe('keys that arrive in one chunk', () => {
  it.each([
    ['"v1\\r" submits v1', 'v1\r'],
    ['a backspace inside the burst edits before the submit: "v12\\x7f\\r" is v1', 'v12\x7f\r'],
  ])('on the tag screen, one write: %s; the confirmation asks, y starts the deploy of v1', async (_what, burst) => {
    const api = fakeApi();
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={() => undefined} initial={{ name: 'tag', env: 'local' }} />);
    await waitForFrame(lastFrame, (f) => f.includes('which tag?') && f.includes('v0'));
    stdin.write(burst);
    await waitForFrame(lastFrame, (f) => f.includes('Deploy v1 to local?'));
    await press(stdin, 'y');
    await waitForFrame(lastFrame, (f) => f.includes('succeeded'));
    expect(api.runs.map((r) => r.tag)).toEqual(['v1']);
    unmount();
  });

  it('the typed approval pasted with its Enter ("production\\r") starts the run', async () => {
    const api = fakeApi();
    const { lastFrame, stdin, unmount } = render(
      <App api={api} environmentsDir="envs" onExit={() => undefined} initial={{ name: 'confirm', request: { action: 'deploy', env: 'production', tag: 'v2' } }} />,
    );
    await waitForFrame(lastFrame, (f) => f.includes('Approval required'));
    stdin.write('production\r');
    await waitForFrame(lastFrame, (f) => f.includes('succeeded'));
    expect(api.runs.map((r) => [r.env, r.tag])).toEqual([['production', 'v2']]);
    unmount();
  });

  it('list keys in one chunk move then pick ("jj\\r" on the actions picks validate)', async () => {
    const api = fakeApi();
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={() => undefined} initial={{ name: 'actions', env: 'local' }} />);
    await waitForFrame(lastFrame, (f) => f.includes('report'));
    stdin.write('jj\r');
    expect(await waitForFrame(lastFrame, (f) => f.includes('verification passed'))).toContain('Validate local');
    unmount();
  });

  it('keys after one that left a screen are not replayed on it: "yy" on the confirmation starts ONE run', async () => {
    const api = fakeApi({ runCommand: (input) => (api.runs.push(input), new Promise(() => undefined)) });
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={() => undefined} initial={{ name: 'confirm', request: { action: 'deploy', env: 'local', tag: 'v2' } }} />);
    await waitForFrame(lastFrame, (f) => f.includes('Deploy v2 to local?'));
    stdin.write('yy');
    await waitForFrame(lastFrame, (f) => f.includes('ctrl+c cancel'));
    await tick(50);
    expect(api.runs).toHaveLength(1);
    unmount();
  });

  it('the end screen reads a burst key by key too ("lq": the run log, then quit)', async () => {
    const onExit = vi.fn();
    const { lastFrame, stdin, unmount } = render(<App api={fakeApi()} environmentsDir="envs" onExit={onExit} initial={{ name: 'confirm', request: { action: 'deploy', env: 'local', tag: 'v2' } }} />);
    await waitForFrame(lastFrame, (f) => f.includes('Deploy v2 to local?'));
    await press(stdin, 'y');
    await waitForFrame(lastFrame, (f) => f.includes('succeeded'));
    stdin.write('lq');
    await tick(50);
    expect(onExit).toHaveBeenCalledWith(0);
    unmount();
  });

  it('p and a during a canary go to the running canary as `ferry promote|abort` would send them; its answer is shown', async () => {
    const store = createRunStore();
    const holder = { pid: 4242, host: 'h', command: 'pnpm pipeline: ferry deploy --env local --tag v2', startedAt: 'now' };
    const asked: [string, string][] = [];
    let answer = (_: Handoff | null) => undefined as void;
    const api = fakeApi({
      runCommand: () => new Promise(() => undefined),
      askRunningCanary: (config, request) => (asked.push([config.name, request]), new Promise((resolve) => (answer = resolve))),
    });
    const { lastFrame, stdin, unmount } = render(<App api={api} environmentsDir="envs" onExit={() => undefined} store={store} initial={{ name: 'confirm', request: { action: 'deploy', env: 'local', tag: 'v2' } }} />);
    await waitForFrame(lastFrame, (f) => f.includes('Deploy v2 to local?'));
    await press(stdin, 'y');
    await waitForFrame(lastFrame, (f) => f.includes('ctrl+c cancel'));
    await press(stdin, 'p'); // no canary runs yet: nothing to ask
    expect(asked).toEqual([]);
    for (const event of canaryEvents) store.dispatch(event);
    await waitForFrame(lastFrame, (f) => f.includes('p promote  a abort'));
    await press(stdin, 'p', 'a'); // the second waits for the first one's answer
    expect(asked).toEqual([['local', 'promote']]);
    expect(await waitForFrame(lastFrame, (f) => f.includes('asked of'))).toContain('promote asked of the running canary…');
    answer({ taken: true, holder });
    expect(await waitForFrame(lastFrame, (f) => f.includes('took the'))).toContain('the canary took the promote request: it goes to 100 % now');
    await press(stdin, 'a');
    expect(asked).toEqual([['local', 'promote'], ['local', 'abort']]);
    answer({ taken: false, holder });
    expect(await waitForFrame(lastFrame, (f) => f.includes('did not take'))).toContain('the canary did not take the abort request in time: it runs no canary step now');
    unmount();
  });
});
