import { execFileSync } from 'node:child_process';
import { chmod, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { ferry, spawnFerry } from './support/ferry.js';
import { waitFor } from './support/wait.js';
import { makeEnvironment, stopNginx, workerTempDir, type TestEnvironment } from './support/environment.js';

const json = (stdout: string) => JSON.parse(stdout);
const isRoot = process.geteuid?.() === 0;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const version = async (env: TestEnvironment) => ((await (await fetch(`${env.routerUrl}/version`)).json()) as { version: string }).version;
const containersOf = async (app: string) => new Dockerode().listContainers({ all: true, filters: { label: [`ferry.app=${app}`] } });

async function setStateDirLine(env: TestEnvironment, line: string): Promise<void> {
  const file = path.join(env.environmentsDir, `${env.env}.yaml`);
  await writeFile(file, (await readFile(file, 'utf8')).replace(/^state_dir: .*\n/m, line));
}

describe('state outside the checkout', () => {
  let env: TestEnvironment;
  let fresh: string | undefined;
  afterEach(async () => {
    if (fresh) {
      await stopNginx(fresh);
      await rm(workerTempDir(fresh, env.app, env.env), { recursive: true, force: true });
      await rm(isRoot ? path.dirname(fresh) : fresh, { recursive: true, force: true });
      fresh = undefined;
    }
    await env?.cleanup();
  });

  it('state at the old default moves once to the default location: refused while its router runs (one-time command), then moved with a message', async () => {
    env = await makeEnvironment();
    const xdg = { XDG_STATE_HOME: path.join(env.root, 'xdg') };
    const old = path.join(env.root, '.ferry', env.env); // <environments dir>/../.ferry/<env>
    fresh = isRoot ? path.join('/var/lib/ferry', env.app, env.env) : path.join(xdg.XDG_STATE_HOME, 'ferry', env.app, env.env);
    await setStateDirLine(env, 'state_dir: ../.ferry/test\n'); // what the old default resolved to
    expect((await ferry(env.args('deploy', '--tag', 'v1'), xdg)).code).toBe(0);
    const pid = Number((await readFile(path.join(old, 'router', 'nginx.pid'), 'utf8')).trim());
    expect(alive(pid)).toBe(true);

    await setStateDirLine(env, ''); // the file names no state dir: the new default applies
    const refused = await ferry(env.args('status', '--json'), xdg);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout + refused.stderr).toContain(`its router nginx (pid ${pid}) still runs from the old dir. Stop it once: kill -QUIT ${pid}`);
    expect(await readdir(old)).toEqual(expect.arrayContaining(['history.jsonl', 'router']));
    await expect(stat(fresh)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await version(env)).toBe('v1'); // nothing was changed

    process.kill(pid, 'SIGQUIT');
    await waitFor(async () => !alive(pid));
    const moved = await ferry(env.args('deploy', '--tag', 'v2', '--json'), xdg);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain(`ferry: moved this environment's state from ${old} (the old default, inside the checkout) to ${fresh}`);
    expect(await version(env)).toBe('v2');
    expect(await readdir(old)).toEqual(['README']);
    expect((await stat(fresh)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(fresh, 'history.jsonl'))).mode & 0o777).toBe(0o600);
    const history = await ferry(env.args('history', '--json'), xdg);
    expect(history.stderr).not.toContain('moved'); // once
    expect(json(history.stdout).map((entry: { tag: string }) => entry.tag)).toEqual(['v1', 'v2']);
  });

  it('a state dir inside a git work tree is refused (exit 2, nothing started) unless state_dir_in_checkout: true', async () => {
    env = await makeEnvironment();
    execFileSync('git', ['init', '-q', env.root]);
    const run = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`state_dir: ${env.stateDir} is inside the git work tree ${env.root}; a CI checkout cleans ignored files`));
    expect(run.stdout + run.stderr).toContain('add state_dir_in_checkout: true');
    expect(await containersOf(env.app)).toEqual([]);
    await setStateDirLine(env, 'state_dir: ../state\nstate_dir_in_checkout: true\n');
    const check = await ferry(env.args('config', 'check'));
    expect(check.code, check.stderr).toBe(0);
  });

  it('an untrusted state dir: a planted history.jsonl symlink and a group-writable dir are refused (exit 2), nothing changed', async () => {
    env = await makeEnvironment();
    expect((await ferry(env.args('deploy', '--tag', 'v1'))).code).toBe(0);
    const ledger = path.join(env.stateDir, 'history.jsonl');
    const victim = path.join(env.root, 'victim');
    await writeFile(victim, 'precious\n');
    await rm(ledger);
    await symlink(victim, ledger);
    const planted = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(planted.code, planted.stderr).toBe(2);
    expect(planted.stdout + planted.stderr).toContain(`${ledger} is a symbolic link; Ferry never follows one in its state dir`);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect(await version(env)).toBe('v1');
    await rm(ledger);

    await chmod(env.stateDir, 0o770);
    const loose = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(loose.code, loose.stderr).toBe(2);
    expect(loose.stdout + loose.stderr).toContain(`${env.stateDir} is writable by its group (mode 770); run: chmod go-w ${env.stateDir}`);
    expect(await version(env)).toBe('v1');
  });
});

describe('the deploy lock is an OS lock', () => {
  let env: TestEnvironment;
  afterEach(async () => env?.cleanup());

  it('a live holder: another command exits 4 naming it and unlock cannot break it; kill -9 it and the next command proceeds at once', async () => {
    env = await makeEnvironment('', { monitor: '60s' });
    const lockFile = path.join(env.stateDir, 'deploy.lock');
    const holder = spawnFerry(env.args('deploy', '--tag', 'v1'));
    const holderPid = holder.child.pid!;
    await waitFor(async () => (await readFile(lockFile, 'utf8').catch(() => '')).includes(`"pid":${holderPid}`));
    const second = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(second.code, second.stderr).toBe(4);
    expect(second.stdout + second.stderr).toMatch(new RegExp(`holds the deploy lock: pid ${holderPid} on ${hostname()}`));
    const unlock = await ferry(env.args('unlock', '--force'));
    expect(unlock.code).toBe(4);
    expect(unlock.stderr + unlock.stdout).toContain(`stop it (kill ${holderPid} on ${hostname()}); no flag can break a live lock`);

    holder.child.kill('SIGKILL');
    await holder.done;
    const status = json((await ferry(env.args('status', '--json'))).stdout);
    expect(status.lock).toMatchObject({ state: 'stale', pid: holderPid });
    const cleared = await ferry(env.args('unlock'));
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toContain(`cleared a stale lock: pid ${holderPid}`);
    expect(json((await ferry(env.args('status', '--json'))).stdout).lock).toBeNull();
  });

  it('a description naming a live pid on this host (a shared hostname, a reused pid) but no OS lock is reclaimed', async () => {
    env = await makeEnvironment('', { monitor: '1s' });
    const lockFile = path.join(env.stateDir, 'deploy.lock');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(env.stateDir, { recursive: true, mode: 0o700 });
    const looksAlive = { pid: process.pid, host: hostname(), command: 'ferry deploy (another container)', startedAt: 'then' };
    await writeFile(lockFile, JSON.stringify(looksAlive));
    const run = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(run.code, run.stderr).toBe(0);
    expect(json(run.stdout).warnings.join('\n')).toContain(`reclaimed a stale lock: pid ${process.pid} on ${hostname()}`);
    await expect(stat(lockFile)).rejects.toMatchObject({ code: 'ENOENT' }); // released: nothing to reclaim next time
  });
});
