// bench:faults, the faults of what serves (issue 14 §1, §2 and the router's restart policy): the router sent
// to the other colour by hand, the state dir deleted, the serving container killed, the router's nginx killed.
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { recoveryMs, row, type Row } from './fault-figures.js';
import { became, docker, json, said, sleep, type Run, type Scene } from './fault-scene.js';

export interface Fault {
  id: string;
  title: string;
  extraYaml?: string;
  releases: string[]; // deployed in order before the fault (the scene: the last one serves, the one before runs idle)
  run(scene: Scene): Promise<Omit<Row, 'fault'>>;
}

const exec = promisify(execFile);
const SETTLE_MS = 2000; // load kept on after the last command: a recovery must hold, not flicker
const RECOVERY_WAIT_MS = 30_000;

const containerName = (scene: Scene, colour: string) => `${scene.env.app}-${scene.env.env}-${colour}`;

/** `ferry status --json` in a few words: what it calls active, whether it serves, its first warning. */
function statusSays(run: Run): string {
  const view = json(run);
  if (!view) return `status: ${said(run)}`;
  const active = view.active ? `${view.active.version} on ${view.active.colour}` : 'none';
  const warning = view.warnings?.[0] ? `; warns: ${view.warnings[0]}` : '; no warning';
  return `status: active ${active}, ${view.serving?.state ?? '?'}${warning}`;
}

const probed = (run: Run): string => {
  const probe = json(run)?.probe;
  return probe ? `, Ferry's own probe: ${probe.failures} failed / ${probe.requests}` : '';
};

/**
 * What a user runs next: `ferry status`, then a deploy of `tag` under load; when the deploy refuses (exit 2) naming
 * `ferry repair`, that, then the deploy again. Converged: the new tag serves in the end (or a refusal that names no
 * way out changed nothing), no request failed, and the container that served before still runs.
 */
async function statusThenDeploy(scene: Scene, tag: string): Promise<Omit<Row, 'fault'>> {
  const status = await scene.ferry(['status', '--json']);
  const servingBefore = await scene.answering();
  const deployTag = () => scene.ferry(['deploy', '--tag', tag, '--json']);
  const { result, seen, now } = await scene.underLoad(async () => {
    const deploy = await deployTag();
    if (deploy.code !== 2 || !/ferry repair/.test(deploy.stdout + deploy.stderr)) return { deploy };
    const repair = await scene.ferry(['repair']); // its plain summary is what a user reads
    return { deploy, repair, again: await deployTag() };
  }, SETTLE_MS);
  const { deploy, repair, again } = result;
  const survived = (await scene.containers()).some((c) => c.Id === servingBefore?.Id && c.State === 'running');
  const serving = `the serving ${servingBefore?.Labels['ferry.version']} container ${survived ? 'kept' : 'STOPPED/REPLACED'}`;
  const last = again ?? deploy;
  const done = (last.code === 0 && now === tag) || (last.code === 2 && !repair);
  const fixed = repair ? `; repair exit ${repair.code} (${said(repair)}); deploy again exit ${again!.code}${probed(again!)}` : '';
  return row(
    seen,
    { ok: done && seen.failed === 0 && survived, what: `${statusSays(status)}; deploy exit ${deploy.code} (${said(deploy)}${probed(deploy)})${fixed}; ${serving}; serves ${now ?? 'nothing'}` },
    `status ${status.code}, deploy ${deploy.code}${repair ? `, repair ${repair.code}, deploy ${again!.code}` : ''}`,
  );
}

export const routerDrift: Fault = {
  id: 'a',
  title: 'router upstream hand-edited to the idle colour + nginx reload; status; deploy v3 (+ repair, deploy if it names it)',
  releases: ['v1', 'v2'], // v2 serves on green, v1 runs idle on blue
  async run(scene) {
    // the operator points the serving colour's upstream at blue's container, inside the router, and reloads
    const pid = (await docker.getContainer(scene.routerName).inspect()).State.Pid;
    const conf = `/proc/${pid}/root/etc/nginx/ferry-upstream.conf`;
    await writeFile(conf, (await readFile(conf, 'utf8')).replaceAll(`${containerName(scene, 'green')}:`, `${containerName(scene, 'blue')}:`));
    await exec('docker', ['exec', scene.routerName, 'nginx', '-s', 'reload']);
    if (!(await became(async () => (await scene.served()) === 'v1', 10_000))) throw new Error('the hand edit did not take: v1 is not served');
    return statusThenDeploy(scene, 'v3');
  },
};

export const stateDirDeleted: Fault = {
  id: 'b',
  title: 'state dir deleted while v3 serves; status; deploy v4 (+ repair, deploy if it names it)',
  releases: ['v2', 'v3'],
  async run(scene) {
    await rm(scene.env.stateDir, { recursive: true, force: true });
    return statusThenDeploy(scene, 'v4');
  },
};

export const activeKilled: Fault = {
  id: 'c',
  title: 'serving container killed while idle (standby healthy); ferry rollback at once',
  releases: ['v1', 'v2'], // v2 serves on green, v1 runs idle on blue
  async run(scene) {
    let killedAt = 0;
    const { result: rollback, seen, now, endedAt } = await scene.underLoad(async () => {
      await sleep(1000);
      killedAt = Date.now();
      await docker.getContainer(containerName(scene, 'green')).kill();
      const run = await scene.ferry(['rollback', '--yes', '--json']);
      await became(async () => (await scene.served()) !== null, run.code === 0 ? RECOVERY_WAIT_MS : 0);
      return run;
    }, SETTLE_MS);
    const ms = recoveryMs(seen, killedAt);
    return row(
      seen,
      { ok: rollback.code === 0 && now === 'v1', what: `rollback exit ${rollback.code} (${said(rollback)}); serves ${now ?? 'nothing'}` },
      `rollback ${rollback.code}`,
      ms === null ? `not recovered (${((endedAt - killedAt) / 1000).toFixed(1)} s measured after the kill)` : `${ms} ms (kill → serving, via rollback)`,
    );
  },
};

export const routerNginxKilled: Fault = {
  id: 'f',
  title: "router container's nginx kill -9 (the engine's restart policy alone); then status",
  releases: ['v1'],
  async run(scene) {
    const router = docker.getContainer(scene.routerName);
    const before = await router.inspect();
    let killedAt = 0;
    const { seen } = await scene.underLoad(async () => {
      await sleep(1000);
      killedAt = Date.now();
      process.kill(before.State.Pid, 'SIGKILL');
      await became(async () => (await router.inspect()).State.Pid !== before.State.Pid && (await scene.served()) === 'v1', RECOVERY_WAIT_MS);
    }, SETTLE_MS);
    const ms = recoveryMs(seen, killedAt);
    const restarts = (await router.inspect()).RestartCount - before.RestartCount;
    const status = await scene.ferry(['status', '--json']);
    return row(
      seen,
      { ok: status.code === 0 && json(status)?.serving?.state === 'serving', what: `${statusSays(status)}; engine restarts: ${restarts}` },
      `status ${status.code}`,
      ms === null ? `not recovered (${RECOVERY_WAIT_MS / 1000} s)` : `${ms} ms (kill → serving, no command)`,
    );
  },
};
