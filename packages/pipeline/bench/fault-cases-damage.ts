// bench:faults, the faults of Ferry's own process and state (issue 14 §3, §4, §5): a damaged ledger and lock,
// SIGTERM to the CLI mid health gate, an engine that stops answering mid deploy, a nearly full state dir.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { engineHanging, everyCallAfter } from '../test/support/hung-engine.js';
import { row } from './fault-figures.js';
import type { Fault } from './fault-cases-truth.js';
import { became, json, said, type Run, type Scene } from './fault-scene.js';

const REQUEST_TIMEOUT_S = 3;

/** Whether status (on the real engine) finds the deploy lock free. */
async function lockFree(scene: Scene): Promise<{ free: boolean; code: number | null }> {
  const status = await scene.ferry(['status', '--json']);
  return { free: json(status)?.lock === null, code: status.code };
}

const tagsIn = (history: Run): string => ((json(history) ?? []) as { tag: string }[]).map((e) => e.tag).join(',');

export const ledgerDamage: Fault = {
  id: 'd',
  title: 'torn ledger tail + a `null` line; deploy v3, history, rollback',
  releases: ['v1', 'v2'],
  async run(scene) {
    const ledger = path.join(scene.env.stateDir, 'history.jsonl');
    const [first, second] = (await readFile(ledger, 'utf8')).trim().split('\n');
    await writeFile(ledger, `${first}\nnull\n${second!.slice(0, -40)}`); // v2's line cut short by a crash, newline and all
    const { result, seen, now } = await scene.underLoad(async () => {
      const deploy = await scene.ferry(['deploy', '--tag', 'v3', '--json']);
      const afterDeploy = await scene.served();
      return { deploy, afterDeploy, history: await scene.ferry(['history', '--json']), rollback: await scene.ferry(['rollback', '--yes', '--json']) };
    });
    const { deploy, afterDeploy, history, rollback } = result;
    const ok = deploy.code === 0 && afterDeploy === 'v3' && history.code === 0 && tagsIn(history).includes('v3') && rollback.code === 0 && now === 'v2';
    const warm = /\(warm\)/.test(JSON.stringify(json(rollback)?.plan ?? ''));
    return row(
      seen,
      { ok: ok && seen.failed === 0, what: `deploy → ${afterDeploy}; history lists ${tagsIn(history) || '(nothing)'}; rollback → ${now} (${warm ? 'warm, to the running standby' : said(rollback)})` },
      `deploy ${deploy.code}, history ${history.code}, rollback ${rollback.code}`,
    );
  },
};

export const nullLock: Fault = {
  id: 'e',
  title: 'deploy.lock holding `null`; status, unlock, deploy v2',
  releases: ['v1'],
  async run(scene) {
    await writeFile(path.join(scene.env.stateDir, 'deploy.lock'), 'null');
    const status = await scene.ferry(['status', '--json']);
    const { result, seen, now } = await scene.underLoad(async () => ({ unlock: await scene.ferry(['unlock']), deploy: await scene.ferry(['deploy', '--tag', 'v2', '--json']) }));
    const { unlock, deploy } = result;
    return row(
      seen,
      { ok: unlock.code === 0 && deploy.code === 0 && now === 'v2' && seen.failed === 0, what: `status shows the lock ${json(status)?.lock?.state ?? 'free'}; unlock: ${said(unlock)}; deploy → ${now}` },
      `status ${status.code}, unlock ${unlock.code}, deploy ${deploy.code}`,
    );
  },
};

export const sigtermMidGate: Fault = {
  id: 'g',
  title: 'SIGTERM to the CLI mid health gate (deploy of a never-healthy tag)',
  releases: ['v1'],
  async run(scene) {
    const { result, seen, now } = await scene.underLoad(async () => {
      const started = scene.start(['deploy', '--tag', 'broken', '--json']);
      const inGate = await became(async () => (await scene.containers()).some((c) => c.Labels['ferry.version'] === 'broken' && c.State === 'running'), 120_000);
      const signalledAt = performance.now();
      process.kill(started.pid, 'SIGTERM');
      const run = await started.done;
      return { inGate, run, exitMs: Math.round(performance.now() - signalledAt) };
    });
    const { inGate, run, exitMs } = result;
    const lock = await lockFree(scene);
    const brokenLeft = (await scene.containers()).some((c) => c.Labels['ferry.version'] === 'broken');
    const ok = inGate && run.code === 1 && lock.free && !brokenLeft && now === 'v1' && seen.failed === 0;
    return row(
      seen,
      { ok, what: `${inGate ? '' : 'never reached the gate; '}${said(run)}; lock ${lock.free ? 'free' : 'NOT free'}; broken container ${brokenLeft ? 'LEFT' : 'gone'}; serves ${now}` },
      `deploy ${run.code}, status ${lock.code}`,
      `SIGTERM → exit ${exitMs} ms`,
    );
  },
};

export const hungEngine: Fault = {
  id: 'h',
  title: `engine stops answering mid deploy, after the new container's start (engine.request_timeout ${REQUEST_TIMEOUT_S}s)`,
  extraYaml: `engine:\n  request_timeout: ${REQUEST_TIMEOUT_S}s\n`,
  releases: ['v1'],
  async run(scene) {
    const engine = await engineHanging(path.join(scene.env.root, 'engine.sock'), everyCallAfter(/^POST \/containers\/[^/]+\/start/));
    scene.defer(() => engine.close());
    const { result: deploy, seen, now: during } = await scene.underLoad(() => scene.ferry(['deploy', '--tag', 'v2', '--json'], { DOCKER_HOST: engine.dockerHost }));
    await engine.close();
    const lock = await lockFree(scene);
    const next = await scene.ferry(['deploy', '--tag', 'v2', '--json']); // the real engine again: does the next deploy go through?
    const now = await scene.served();
    const bounded = deploy.ms < 12 * REQUEST_TIMEOUT_S * 1000;
    const ok = bounded && deploy.code !== 0 && lock.free && during === 'v1' && seen.failed === 0 && next.code === 0 && now === 'v2';
    return row(
      seen,
      { ok, what: `${said(deploy)}; lock ${lock.free ? 'free' : 'NOT free'}; v1 served ${during === 'v1' ? 'throughout' : `? (now ${during})`}; next deploy on the real engine: ${said(next)} → ${now}` },
      `deploy ${deploy.code}, status ${lock.code}, next deploy ${next.code}`,
      `exit after ${(deploy.ms / 1000).toFixed(1)} s (${(deploy.ms / 1000 / REQUEST_TIMEOUT_S).toFixed(1)}× request_timeout)`,
    );
  },
};

const FILL = 'fill';
const LEAVE = 64 * 1024;
const stateEntries = async (scene: Scene) => (await readdir(scene.env.stateDir, { recursive: true })).filter((name) => name !== FILL).sort().join();
const containerStates = async (scene: Scene) => (await scene.containers()).map((c) => `${c.Id} ${c.State}`).sort().join();

export const nearlyFullStateDir: Fault = {
  id: 'i',
  title: `state dir on a 4 MiB tmpfs with ${LEAVE / 1024} KiB free; deploy v2; then with room again`,
  releases: [], // v1 after the mount, below
  async run(scene) {
    await mkdir(scene.env.stateDir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', scene.env.stateDir]);
    scene.defer(async () => execFileSync('umount', ['-l', scene.env.stateDir]));
    await scene.deploy('v1');
    const before = { state: await stateEntries(scene), containers: await containerStates(scene) };
    const fs = await statfs(scene.env.stateDir);
    await writeFile(path.join(scene.env.stateDir, FILL), Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - LEAVE)));
    const { result, seen, now } = await scene.underLoad(async () => {
      const full = await scene.ferry(['deploy', '--tag', 'v2', '--json']);
      const unchanged = (await stateEntries(scene)) === before.state && (await containerStates(scene)) === before.containers && (await scene.served()) === 'v1';
      await rm(path.join(scene.env.stateDir, FILL));
      return { full, unchanged, next: await scene.ferry(['deploy', '--tag', 'v2', '--json']) };
    });
    const { full, unchanged, next } = result;
    return row(
      seen,
      { ok: full.code === 2 && unchanged && next.code === 0 && now === 'v2' && seen.failed === 0, what: `full: ${said(full)}; ${unchanged ? 'nothing changed' : 'SOMETHING CHANGED'}; with room: deploy → ${now}` },
      `full deploy ${full.code}, next deploy ${next.code}`,
    );
  },
};
