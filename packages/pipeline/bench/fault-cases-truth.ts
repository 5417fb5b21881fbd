// bench:faults, the faults of what serves (issue 14 §1, §2 and the router's restart policy): the router sent
// to the other colour by hand, the state dir deleted, the serving container killed, the router's nginx killed.
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { recoveryMs, requests, verdict, type Row } from './fault-figures.js';
import { became, docker, json, said, sleep, type Run, type Scene } from './fault-scene.js';

export interface Fault {
  id: string;
  title: string;
  extraYaml?: string;
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

/** The deploy after the fault, under load: what it did to the container that served before it. */
async function deployUnderLoad(scene: Scene, tag: string) {
  const servingBefore = await scene.answering();
  const load = scene.load();
  const deploy = await scene.ferry(['deploy', '--tag', tag, '--json']);
  await sleep(SETTLE_MS);
  const seen = await load.stop();
  const survived = (await scene.containers()).some((c) => c.Id === servingBefore?.Id && c.State === 'running');
  const kept = survived ? `the serving ${servingBefore?.Labels['ferry.version']} container kept` : `the serving ${servingBefore?.Labels['ferry.version']} container STOPPED/REPLACED`;
  return { deploy, seen, survived, kept, now: await scene.served() };
}

/** Converged: the deploy either went through (the new tag serves) or refused (exit 2), and no request failed while the serving container stayed up. */
function deployVerdict(run: Awaited<ReturnType<typeof deployUnderLoad>>, tag: string, status: Run): string {
  const { deploy, seen, survived, kept, now } = run;
  const done = (deploy.code === 0 && now === tag) || deploy.code === 2;
  return verdict(done && seen.failed === 0 && survived, `deploy exit ${deploy.code} (${said(deploy)}); ${kept}; serves ${now ?? 'nothing'} — before it, ${statusSays(status)}`);
}

export const routerDrift: Fault = {
  id: 'a',
  title: 'router upstream hand-edited to the idle colour + nginx reload; status; deploy v3',
  async run(scene) {
    await scene.deploy('v1');
    await scene.deploy('v2'); // v2 serves on green, v1 runs idle on blue
    // the operator points the serving colour's upstream at blue's container, inside the router, and reloads
    const pid = (await docker.getContainer(scene.routerName).inspect()).State.Pid;
    const conf = `/proc/${pid}/root/etc/nginx/ferry-upstream.conf`;
    await writeFile(conf, (await readFile(conf, 'utf8')).replaceAll(`${containerName(scene, 'green')}:`, `${containerName(scene, 'blue')}:`));
    await exec('docker', ['exec', scene.routerName, 'nginx', '-s', 'reload']);
    if (!(await became(async () => (await scene.served()) === 'v1', 10_000))) throw new Error('the hand edit did not take: v1 is not served');
    const status = await scene.ferry(['status', '--json']);
    const next = await deployUnderLoad(scene, 'v3');
    return { requests: requests(next.seen), recovery: 'n/a', converged: deployVerdict(next, 'v3', status), exits: `status ${status.code}, deploy ${next.deploy.code}` };
  },
};

export const stateDirDeleted: Fault = {
  id: 'b',
  title: 'state dir deleted while v3 serves; status; deploy v4',
  async run(scene) {
    await scene.deploy('v2');
    await scene.deploy('v3');
    await rm(scene.env.stateDir, { recursive: true, force: true });
    const status = await scene.ferry(['status', '--json']);
    const next = await deployUnderLoad(scene, 'v4');
    return { requests: requests(next.seen), recovery: 'n/a', converged: deployVerdict(next, 'v4', status), exits: `status ${status.code}, deploy ${next.deploy.code}` };
  },
};

export const activeKilled: Fault = {
  id: 'c',
  title: 'serving container killed while idle (standby healthy); ferry rollback at once',
  async run(scene) {
    await scene.deploy('v1');
    await scene.deploy('v2'); // v2 serves on green, v1 runs idle on blue
    const load = scene.load();
    await sleep(1000);
    const killedAt = Date.now();
    await docker.getContainer(containerName(scene, 'green')).kill();
    const rollback = await scene.ferry(['rollback', '--yes', '--json']);
    await became(async () => (await scene.served()) !== null, rollback.code === 0 ? RECOVERY_WAIT_MS : 0);
    await sleep(SETTLE_MS);
    const seen = await load.stop();
    const measuredS = Math.round((Date.now() - killedAt) / 1000);
    const ms = recoveryMs(seen, killedAt);
    const now = await scene.served();
    return {
      requests: requests(seen),
      recovery: ms === null ? `not recovered (load stopped ${measuredS} s after the kill)` : `${ms} ms (kill → serving, via rollback)`,
      converged: verdict(rollback.code === 0 && now === 'v1', `rollback exit ${rollback.code} (${said(rollback)}); serves ${now ?? 'nothing'}`),
      exits: `rollback ${rollback.code}`,
    };
  },
};

export const routerNginxKilled: Fault = {
  id: 'f',
  title: "router container's nginx kill -9 (the engine's restart policy alone); then status",
  async run(scene) {
    await scene.deploy('v1');
    const before = await docker.getContainer(scene.routerName).inspect();
    const load = scene.load();
    await sleep(1000);
    const killedAt = Date.now();
    process.kill(before.State.Pid, 'SIGKILL');
    await became(async () => (await docker.getContainer(scene.routerName).inspect()).State.Pid !== before.State.Pid && (await scene.served()) === 'v1', RECOVERY_WAIT_MS);
    await sleep(SETTLE_MS);
    const seen = await load.stop();
    const ms = recoveryMs(seen, killedAt);
    const restarts = (await docker.getContainer(scene.routerName).inspect()).RestartCount - before.RestartCount;
    const status = await scene.ferry(['status', '--json']);
    const serving = json(status)?.serving?.state;
    return {
      requests: requests(seen),
      recovery: ms === null ? `not recovered (${RECOVERY_WAIT_MS / 1000} s)` : `${ms} ms (kill → serving, no command)`,
      converged: verdict(status.code === 0 && serving === 'serving', `${statusSays(status)}; engine restarts: ${restarts}`),
      exits: `status ${status.code}`,
    };
  },
};
