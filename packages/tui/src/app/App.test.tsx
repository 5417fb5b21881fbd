import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { RunInput } from '@ferry/pipeline';
import { StoreRenderer } from '../renderer/store-renderer.js';
import { fakeApi, KEYS, result, tick, waitForFrame } from '../../test/support/frames.js';
import { App, EXIT_INTERRUPTED } from './App.js';

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
    await press(stdin, KEYS.enter, 'j', KEYS.enter); // local → rollback
    await waitForFrame(lastFrame, (f) => f.includes('v0'));
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

  it('validate/logs/report say which ferry command to run; status and history read the pipeline', async () => {
    const onExit = vi.fn();
    const { lastFrame, stdin, unmount } = render(<App api={fakeApi()} environmentsDir="envs" onExit={onExit} initial={{ name: 'actions', env: 'local' }} />);
    await waitForFrame(lastFrame, (f) => f.includes('report'));
    await press(stdin, 'j', 'j', KEYS.enter);
    let frame = await waitForFrame(lastFrame, (f) => f.includes('not available'));
    expect(frame.split('\n').slice(2, 5)).toEqual(['validate is not available in the TUI yet. Run it from a shell:', '  ferry validate --env local', '  make validate-deployment ENV=local']);
    await press(stdin, KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('What to do on local?'));
    await press(stdin, 'j', KEYS.enter); // cursor was reset: rollback? no — a fresh list starts at deploy, so j = rollback
    await waitForFrame(lastFrame, (f) => f.includes('Roll back local'));
    await press(stdin, KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('What to do on local?'));
    await press(stdin, 'j', 'j', 'j', KEYS.enter);
    frame = await waitForFrame(lastFrame, (f) => f.includes('CONTAINER'));
    expect(frame).toContain('active    blue    v1               running    healthy     abc123def456');
    await press(stdin, KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('What to do on local?'));
    await press(stdin, 'j', 'j', 'j', 'j', KEYS.enter);
    expect(await waitForFrame(lastFrame, (f) => f.includes('History of local'))).toContain('No releases yet.');
    await press(stdin, KEYS.ctrlC);
    expect(onExit).toHaveBeenCalledWith(0);
    unmount();
  });
});
