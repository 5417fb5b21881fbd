import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnvironment, type TestEnvironment } from '../../pipeline/test/support/environment.js';
import { REPO_ROOT } from '../../pipeline/test/support/images.js';

// `pnpm pipeline` driven as a person would: a real terminal (tmux), real keys, the real engine and nginx.
const run = promisify(execFile);
const MAIN = path.join(REPO_ROOT, 'packages/tui/dist/main.js');
const sessions = new Set<string>();
// A person's terminal, not a CI job's: with CI set (as .ci/run does) Ink draws only the last frame.
const AS_A_PERSON = 'CI=false';

const tmux = (...args: string[]) => run('tmux', args, { timeout: 10_000 });
const screen = async (name: string) => (await tmux('capture-pane', '-p', '-t', name)).stdout;

/** Poll the pane until `text` shows (bounded); the failure message carries the last screen. */
async function waitFor(name: string, text: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await screen(name);
    if (last.includes(text)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`"${text}" never appeared in tmux session ${name}; last screen:\n${last}`);
}

/** Send keys, then give Ink a moment to re-render and re-subscribe before the next screen is awaited. */
async function keys(name: string, ...sequence: string[]): Promise<void> {
  await tmux('send-keys', '-t', name, ...sequence);
  await new Promise((r) => setTimeout(r, 150));
}

async function start(name: string, env: TestEnvironment): Promise<void> {
  // After the app exits the pane stays (sleep) so the test can read the exit code.
  const command = `cd ${REPO_ROOT} && ${AS_A_PERSON} node ${MAIN} --environments ${env.environmentsDir}; echo "EXIT CODE $?"; sleep 120`;
  await tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command);
  sessions.add(name);
  await waitFor(name, 'Pick an environment');
  await waitFor(name, 'test ');
}

async function servedVersion(env: TestEnvironment): Promise<string | null> {
  const response = await fetch(`${env.routerUrl}/`, { signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  return response.headers.get('x-app-version');
}

async function deployThroughTui(name: string, env: TestEnvironment, tag: string): Promise<string> {
  await start(name, env);
  await keys(name, 'Enter'); // the only environment: test
  await waitFor(name, 'What to do on test?');
  await keys(name, 'Enter'); // deploy
  await waitFor(name, 'Deploy to test: which tag?');
  // The tag and its Enter in ONE write, as a paste or a fast typist sends them: no second Enter needed.
  await keys(name, '-l', `${tag}\r`);
  await waitFor(name, `Deploy ${tag} to test?`);
  await keys(name, 'y');
  return waitFor(name, '(exit ', 150_000);
}

describe('pnpm pipeline in a real terminal (tmux) on the real engine', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    // validate compares the served version with the tag only when asked, as the shipped environments ask.
    env = await makeEnvironment('verify:\n  version: { path: /version, json_field: version }\n  after_switch: false\n');
  });
  afterAll(async () => {
    for (const name of sessions) await tmux('kill-session', '-t', name).catch(() => undefined);
    await env?.cleanup();
  });

  it('deploys v1 by keyboard; the end screen says succeeded and the router serves v1', async () => {
    const name = `ferry-tui-${process.pid}-1`;
    const end = await deployThroughTui(name, env, 'v1');
    expect(end).toContain('✔ deploy v1 to test: succeeded  (exit 0)');
    expect(end).toMatch(/traffic: nothing → (blue|green) v1/);
    expect(await servedVersion(env)).toBe('v1');
    // The head of the run's release report shows under the outcome once it is read.
    expect(await waitFor(name, 'deploy test v1 → succeeded', 10_000)).toMatch(/^Report$/m);
    await keys(name, 'p'); // the whole report of this run
    const report = await waitFor(name, 'u/d g/G'); // the loaded report's scroll hint: not its "reading the release reports…" frame
    expect(report).toContain('deploy test v1 → succeeded');
    expect(report).toMatch(/^ +probe +\d+ requests, 0 failed/m);
    await keys(name, 'Escape');
    await waitFor(name, 'p report');
    await keys(name, 'o'); // the serving container's own logs
    expect(await waitFor(name, '· version v1 ·')).toMatch(/-(blue|green) · version v1 · last \d+ of at most 200 lines/);
    await keys(name, 'Escape');
    await waitFor(name, 'p report');
    await keys(name, 'q');
    expect(await waitFor(name, 'EXIT CODE')).toContain('EXIT CODE 0');
  });

  it('validates what serves: the live checks pass against v1 through the router', async () => {
    const name = `ferry-tui-${process.pid}-validate`;
    await start(name, env);
    await keys(name, 'Enter');
    await waitFor(name, 'What to do on test?');
    await keys(name, 'Down', 'Down'); // validate
    await waitFor(name, '❯ validate');
    await keys(name, 'Enter');
    const result = await waitFor(name, 'verification ', 90_000);
    expect(result).toContain('✔ passed:');
    expect(result).toMatch(/✓ .*\/health/);
    expect(result).toMatch(/✓ .*\/version/);
    expect(result).toMatch(/verification passed: \d+ passed, 0 failed/);
    await keys(name, 'q');
    expect(await waitFor(name, 'EXIT CODE')).toContain('EXIT CODE 0');
  });

  it('deploys v2, then rolls back to v1 through the rollback picker', async () => {
    const second = `ferry-tui-${process.pid}-2`;
    expect(await deployThroughTui(second, env, 'v2')).toContain('✔ deploy v2 to test: succeeded  (exit 0)');
    expect(await servedVersion(env)).toBe('v2');
    await keys(second, 'q');
    await waitFor(second, 'EXIT CODE 0');

    const third = `ferry-tui-${process.pid}-3`;
    await start(third, env);
    expect(await screen(third)).toContain('green v2 (healthy)');
    await keys(third, 'Enter');
    await waitFor(third, 'What to do on test?');
    await keys(third, 'Down'); // rollback
    await waitFor(third, '❯ rollback');
    await keys(third, 'Enter');
    const picker = await waitFor(third, 'warm:');
    expect(picker).toContain('Roll back test: to which version?  active: v2');
    expect(picker).toMatch(/❯ v1 +warm: standby still running, instant switch/);
    await keys(third, 'Enter');
    await waitFor(third, 'Roll back test to v1?');
    await keys(third, 'Enter');
    const end = await waitFor(third, '(exit ', 150_000);
    expect(end).toContain('✔ roll back test to v1: succeeded  (exit 0)');
    expect(await servedVersion(env)).toBe('v1');
    await keys(third, 'l'); // the run's tasks stay readable after it ended
    expect(await waitFor(third, '── log:')).toContain('✔');
    await keys(third, 'q');
    expect(await waitFor(third, 'EXIT CODE')).toContain('EXIT CODE 0');
  });

  it('`ferry deploy` in a terminal draws the same run view, with the traffic probe sparkline; stdout keeps the result', async () => {
    const name = `ferry-cli-${process.pid}`;
    const cli = path.join(REPO_ROOT, 'packages/pipeline/dist/cli.js');
    const command = `cd ${REPO_ROOT} && ${AS_A_PERSON} node ${cli} deploy --environments ${env.environmentsDir} --env test --tag v3; echo "EXIT CODE $?"; sleep 120`;
    await tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '40', command);
    sessions.add(name);
    const live = await waitFor(name, 'latency', 60_000); // the monitor's typed probe-second events feed it
    expect(live).toContain('▸ deploy v3 to test');
    expect(live).toMatch(/✔ Switch traffic to (blue|green) \(v3\)/);
    expect(live).toMatch(/errors +[·▁▂▃▄▅▆▇█]+/);
    expect(live).toMatch(/answered by (blue|green) \d+/); // the colour that served the probe's last second
    const end = await waitFor(name, 'EXIT CODE', 60_000);
    expect(end).toContain('deploy test v3: succeeded (exit 0)');
    expect(end).toContain('EXIT CODE 0');
    expect(await servedVersion(env)).toBe('v3');
  });
});
