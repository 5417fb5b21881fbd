// A full disk never changes the outcome (issue 14 §5): the state dir is a small tmpfs. Too little room
// to record a release refuses it before anything changes (exit 2); a disk that fills during a release
// (filled by the test's webhook, after the ledger line and before the report) costs the report, a warning,
// never the exit code or the summary that follow what serves. Router container, the real engine, the built CLI.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry, spawnFerry } from './support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { servedVersion } from './support/served-version.js';
import { waitFor } from './support/wait.js';

const docker = new Dockerode();
const FILL = 'fill';

/** Fills the state dir's file system, leaving `leave` bytes (0: until ENOSPC). */
async function fill(dir: string, leave: number): Promise<void> {
  await rm(path.join(dir, FILL), { force: true });
  const fs = await statfs(dir);
  const size = Math.max(0, fs.bavail * fs.bsize - leave);
  try {
    await writeFile(path.join(dir, FILL), Buffer.alloc(leave === 0 ? size + 1024 * 1024 : size));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error; // a partial file is a full disk
  }
}

const ledgerLines = async (env: TestEnvironment) => (await readFile(path.join(env.stateDir, 'history.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
const stateEntries = async (env: TestEnvironment) => (await readdir(env.stateDir, { recursive: true })).filter((name) => name !== FILL).sort();
const containersOf = async (app: string) =>
  (await docker.listContainers({ all: true, filters: { label: [`ferry.app=${app}`] } })).map((c) => `${c.Names[0]} ${c.Labels['ferry.version'] ?? ''} ${c.State}`).sort();

describe('a full disk or a failed write never changes the outcome (state dir on a small tmpfs)', () => {
  let env: TestEnvironment;
  let hook: http.Server;
  let onNotify: () => Promise<number> = async () => 200; // the webhook's answer, after whatever the test makes it do
  const run = (...args: string[]) => ferry(env.args(...args, '--json'), { FERRY_E2E_WEBHOOK: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` });

  beforeAll(async () => {
    hook = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => void onNotify().then((status) => res.writeHead(status).end()));
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    env = await makeEnvironment('notify: { webhook_env: FERRY_E2E_WEBHOOK }\n', { monitor: '1s' });
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    // a deadline far away: each health gate ends on the container's health (or its removal), not on the machine's speed
    const yaml = (await readFile(file, 'utf8')).replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`);
    await writeFile(file, yaml.replace('deploy_timeout: 20s', 'deploy_timeout: 10m'));
    await mkdir(env.stateDir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', env.stateDir]);
  });

  afterAll(async () => {
    hook?.close();
    try {
      execFileSync('umount', ['-l', env.stateDir]);
    } finally {
      await env.cleanup();
    }
  });

  it('too little room to record a release: refused before anything changes (exit 2, names state_dir and the fix), v1 still serves', async () => {
    const first = await run('deploy', '--tag', 'v1');
    expect(first.code, first.stderr).toBe(0);
    const before = { containers: await containersOf(env.app), state: await stateEntries(env), ledger: await ledgerLines(env) };
    for (const leave of [64 * 1024, 0]) {
      await fill(env.stateDir, leave);
      const refused = await run('deploy', '--tag', 'v2');
      expect(refused.code, refused.stderr).toBe(2);
      const out = JSON.parse(refused.stdout);
      expect(out.outcome).toBe('rejected');
      expect(out.message).toMatch(new RegExp(`^state_dir ${env.stateDir} has ${leave / 1024} KiB free; ferry needs 1\\.0 MiB there to record a release .*; free some space there or set state_dir to a directory on another file system Nothing was changed\\.$`));
      expect(refused.stderr).not.toMatch(/ENOSPC/);
      expect(await containersOf(env.app)).toEqual(before.containers);
      expect(await stateEntries(env)).toEqual(before.state); // no lock, snapshot, ledger line or report left
      expect(await ledgerLines(env)).toEqual(before.ledger);
      expect(await servedVersion(env.routerUrl)).toBe('v1');
    }
    await rm(path.join(env.stateDir, FILL)); // room again
  });

  it('the disk fills after the ledger line: the report is a warning; exit 0 and the summary follow what serves (v2)', async () => {
    onNotify = async () => {
      await fill(env.stateDir, 0);
      return 200;
    };
    const result = await run('deploy', '--tag', 'v2');
    onNotify = async () => 200;
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.outcome).toBe('succeeded_with_warnings');
    expect(out.message).toMatch(/^v2 is live on green\. The release stands and serves; one step after the point of no return failed/);
    expect(out.warnings).toEqual([expect.stringMatching(new RegExp(`^the report \\(${env.stateDir}/reports/.+\\.json\\) was not written: ENOSPC`))]);
    expect(out.report).toBeNull();
    expect((await ledgerLines(env)).at(-1)).toMatchObject({ tag: 'v2', outcome: 'succeeded' });
    expect(await servedVersion(env.routerUrl)).toBe('v2');
    await rm(path.join(env.stateDir, FILL));
  });

  it('a recovery that fails on a disk that fills: exit 3 and "a human must act" are printed; the report and the notification are warnings', async () => {
    onNotify = async () => {
      await fill(env.stateDir, 0);
      return 500;
    };
    const started = spawnFerry(env.args('deploy', '--tag', 'broken'), { FERRY_E2E_WEBHOOK: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` });
    // The set-aside v1 and the broken container both gone during the health gate: the gate fails and bringing v1 back cannot work.
    let ids: { broken: string; setAside: string } | undefined;
    await waitFor(async () => {
      const list = await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`] } });
      const broken = list.find((c) => c.Labels['ferry.version'] === 'broken' && c.State === 'running');
      const setAside = list.find((c) => c.Names.some((n) => n.includes('-replaced-')));
      if (broken && setAside) ids = { broken: broken.Id, setAside: setAside.Id };
      return ids !== undefined;
    }, 120_000);
    await docker.getContainer(ids!.setAside).remove({ force: true });
    await docker.getContainer(ids!.broken).remove({ force: true });
    const result = await started.done;
    onNotify = async () => 200;
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toMatch(/^deploy test broken: failed_unrecovered \(exit 3\)$/m);
    expect(result.stdout).toMatch(/^A human must act: run `ferry status --env test`/m);
    expect(result.stdout).toMatch(/^warning: notification failed \(webhook FERRY_E2E_WEBHOOK\): HTTP 500$/m);
    expect(result.stdout).toMatch(/^warning: the report \(.+\.json\) was not written: ENOSPC/m);
    expect((await ledgerLines(env)).at(-1)).toMatchObject({ tag: 'broken', outcome: 'failed_unrecovered' });
    expect(await servedVersion(env.routerUrl)).toBe('v2'); // the switch never happened
  });
});
