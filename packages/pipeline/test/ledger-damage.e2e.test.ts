import { appendFile, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { servedVersion } from './support/served-version.js';

// Issue 14 §3: a torn or garbage history line and a malformed lock file, on the real engine and router.
const json = (stdout: string) => JSON.parse(stdout);
const MARKER = 'marker-never-echoed';

describe('the ledger and the lock survive damage', () => {
  let env: TestEnvironment;
  let ledger: string;
  beforeAll(async () => {
    env = await makeEnvironment('', { monitor: '1s' });
    ledger = path.join(env.stateDir, 'history.jsonl');
    for (const tag of ['v1', 'v2']) {
      const run = await ferry(env.args('deploy', '--tag', tag));
      expect(run.code, run.stdout + run.stderr.slice(-3000)).toBe(0);
    }
  });
  afterAll(async () => env.cleanup());

  it('a torn last line: the next record lands on a line of its own, history keeps it, rollback goes warm to the running standby', async () => {
    await truncate(ledger, (await stat(ledger)).size - 40); // a crash cut v2's line short, newline and all
    const deploy = await ferry(env.args('deploy', '--tag', 'v3', '--json'));
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(json(deploy.stdout).warnings).toContain(`${ledger} line 2: skipped, a torn last line (a crash cut its append short); the other lines are read as usual`);

    const history = await ferry(env.args('history', '--json'));
    expect(history.code, history.stderr).toBe(0);
    expect(json(history.stdout).map((e: { tag: string }) => e.tag)).toEqual(['v1', 'v3']);
    expect(history.stderr).toContain(`warning: ${ledger} line 2: skipped, not JSON (torn by a crash, or edited by hand)`);

    // the history alone would name v1 (cold, over the standby); v2 still runs there
    const rollback = await ferry(env.args('rollback', '--json'));
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(json(rollback.stdout)).toMatchObject({
      outcome: 'succeeded',
      tag: 'v2',
      plan: [expect.any(String), expect.stringMatching(/switch back to the running green container \(warm\)$/), expect.stringMatching(/^the history names v1 as the release before v3, but v2 runs on the standby/)],
    });
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v2');
  });

  it('null, {} and foreign lines: status, history and rollback read past them, naming each line and quoting none', async () => {
    await appendFile(ledger, `null\n{}\n{"tag":"${MARKER}"}\n`); // lines 5, 6, 7 after v1, torn v2, v3, rollback v2
    const named = (n: number) => `${ledger} line ${n}: skipped, not a release record`;

    const status = await ferry(env.args('status', '--json'));
    expect(status.code, status.stderr).toBe(0);
    const view = json(status.stdout);
    expect(view).toMatchObject({ active: { version: 'v2' }, standby: { version: 'v3' }, lastRelease: { action: 'rollback', tag: 'v2' } });
    const every = 'id, env, action, tag, imageId, fromColour, toColour, previousTag, startedAt, endedAt, outcome, reason';
    expect(view.warnings.filter((w: string) => w.includes('skipped'))).toEqual([
      `${ledger} line 2: skipped, not JSON (torn by a crash, or edited by hand); the other lines are read as usual`,
      `${named(5)} (JSON null); the other lines are read as usual`,
      `${named(6)} (missing or invalid: ${every}); the other lines are read as usual`,
      `${named(7)} (missing or invalid: ${every.replace('tag, ', '')}); the other lines are read as usual`,
    ]);

    const history = await ferry(env.args('history'));
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/rollback\s+v2/);
    expect(history.stderr).toContain(named(5));

    const rollback = await ferry(env.args('rollback', '--dry-run', '--json'));
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(json(rollback.stdout)).toMatchObject({ outcome: 'dry_run', tag: 'v3', plan: [expect.any(String), expect.stringMatching(/\(warm\)$/)] });
    for (const run of [status, history, rollback]) expect(run.stdout + run.stderr).not.toContain(MARKER);
  });

  it('a lock file holding null: status reports it, unlock clears it, and a deploy reclaims it', async () => {
    const lockFile = path.join(env.stateDir, 'deploy.lock');
    const malformed = 'deploy.lock holds a malformed description (torn, or not written by ferry)';
    await writeFile(lockFile, 'null');
    const status = json((await ferry(env.args('status', '--json'))).stdout);
    expect(status.lock).toMatchObject({ state: 'stale', pid: -1 });
    expect(status.warnings).toContain(`stale deploy lock: ${malformed} and nothing holds the lock; the next command reclaims it, or run \`ferry unlock --env ${env.env}\``);

    const unlock = await ferry(env.args('unlock'));
    expect(unlock.code, unlock.stderr).toBe(0);
    expect(unlock.stdout).toContain(`cleared a stale lock: ${malformed} (nothing held the lock)`);
    expect(json((await ferry(env.args('status', '--json'))).stdout).lock).toBeNull();

    await writeFile(lockFile, 'null');
    const deploy = await ferry(env.args('deploy', '--tag', 'v2', '--json')); // v2 serves: a noop that still takes the lock
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(json(deploy.stdout)).toMatchObject({ outcome: 'noop' });
    expect(json(deploy.stdout).warnings).toContain(`reclaimed a stale lock: ${malformed} (it held no OS lock)`);
    await expect(readFile(lockFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
