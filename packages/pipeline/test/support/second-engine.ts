// A second, real Docker engine for remote-engine tests: dockerd in a network namespace of the test's
// own, reachable from the root namespace over tcp:// at its end of a veth pair (GUIDE.md, "Several
// hosts on one machine"). Names carry a per-run suffix so parallel helpers and re-runs never collide.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, readCmdline, run } from '@ferry/shared';
import Dockerode from 'dockerode';

export interface SecondEngine {
  name: string; // the namespace; also the prefix of its interfaces and the basename of its roots
  hostIp: string; // the root namespace's end of the veth: where the engine reaches this machine (e.g. a registry)
  engineIp: string; // the namespace's end, where dockerd listens
  url: string; // tcp://<engineIp>:2375, for engine.host or DOCKER_HOST
  docker: Dockerode;
  roots: { data: string; exec: string; pidFile: string; socket: string };
  stop: () => Promise<void>; // complete teardown, safe to call twice and after a failed start
}

const ENGINE_PORT = 2375;
const SUBNET = '10.213'; // /30 pairs picked at random in 10.213.0.0/16, skipping any in use

/** Starts the engine and waits until it answers; on any failure everything made so far is removed. */
export async function startSecondEngine(): Promise<SecondEngine> {
  const name = `fe${randomBytes(4).toString('hex').slice(0, 7)}`; // interface names: ≤ 15 characters
  const [hostIp, engineIp] = await freeAddressPair();
  const tmp = await mkdtemp(path.join(os.tmpdir(), `ferry-${name}-`));
  const roots = { data: path.join(tmp, 'data'), exec: `/run/${name}`, pidFile: `/run/${name}.pid`, socket: `/run/${name}.sock` };
  const engine: SecondEngine = {
    name,
    hostIp,
    engineIp,
    url: `tcp://${engineIp}:${ENGINE_PORT}`,
    docker: new Dockerode({ host: engineIp, port: ENGINE_PORT, protocol: 'http' }),
    roots,
    stop: () => teardown(name, roots, tmp),
  };
  try {
    await sh(['ip', 'netns', 'add', name]);
    await sh(['ip', 'link', 'add', `${name}h`, 'type', 'veth', 'peer', 'name', `${name}e`]);
    await sh(['ip', 'link', 'set', `${name}e`, 'netns', name]);
    await sh(['ip', 'addr', 'add', `${hostIp}/30`, 'dev', `${name}h`]);
    await sh(['ip', 'link', 'set', `${name}h`, 'up']);
    for (const argv of [['ip', 'addr', 'add', `${engineIp}/30`, 'dev', `${name}e`], ['ip', 'link', 'set', `${name}e`, 'up'], ['ip', 'link', 'set', 'lo', 'up']]) {
      await sh(inNamespace(name, argv));
    }
    await mkdir(roots.data, { recursive: true });
    const log = await open(path.join(tmp, 'dockerd.log'), 'a');
    // nsenter --net, not `ip netns exec`: the latter remounts /sys and dockerd then finds no devices cgroup.
    const argv = dockerdArgv(name, roots, engineIp);
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', log.fd, log.fd], detached: true });
    child.unref();
    await log.close();
    await waitForEngine(engine, tmp);
    return engine;
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

/** The dockerd command line: its own roots, pid file and sockets, so it shares nothing with the main engine. */
export function dockerdArgv(name: string, roots: SecondEngine['roots'], engineIp: string): string[] {
  return inNamespace(name, [
    'dockerd',
    '--data-root', roots.data,
    '--exec-root', roots.exec,
    '--pidfile', roots.pidFile,
    '-H', `unix://${roots.socket}`,
    '-H', `tcp://${engineIp}:${ENGINE_PORT}`,
  ]);
}

function inNamespace(name: string, argv: string[]): string[] {
  return ['nsenter', `--net=/var/run/netns/${name}`, ...argv];
}

async function sh(argv: string[]): Promise<string> {
  const result = await run(argv, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`${argv.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
  return result.stdout;
}

async function freeAddressPair(): Promise<[string, string]> {
  const inUse = await sh(['ip', '-4', '-o', 'addr', 'show']);
  for (let attempt = 0; attempt < 50; attempt++) {
    const third = randomBytes(1)[0]!;
    const fourth = (randomBytes(1)[0]! & 0xfc) % 252; // a /30: network, host, engine, broadcast
    const prefix = `${SUBNET}.${third}.`;
    const pair: [string, string] = [`${prefix}${fourth + 1}`, `${prefix}${fourth + 2}`];
    if (!pair.some((ip) => inUse.includes(` ${ip}/`))) return pair;
  }
  throw new Error(`no free /30 in ${SUBNET}.0.0/16`);
}

async function waitForEngine(engine: SecondEngine, tmp: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (await engine.docker.ping().then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  const log = await readFile(path.join(tmp, 'dockerd.log'), 'utf8').catch(() => '');
  throw new Error(`the second engine did not answer at ${engine.url} within 120 s; dockerd log:\n${log.slice(-2000)}`);
}

/** Processes whose command line mentions this engine's exec root: its dockerd, containerd and shims. */
export async function processesOf(roots: SecondEngine['roots']): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if ((await readCmdline(pid)).includes(roots.exec)) pids.push(pid); // the pid file and socket share the prefix
  }
  return pids;
}

/** Mount points under the engine's roots (its overlay layers, netns files, shm), deepest first. */
export async function mountsOf(roots: SecondEngine['roots']): Promise<string[]> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  const points = mountinfo.split('\n').map((line) => line.split(' ')[4] ?? '');
  return points.filter((p) => [roots.data, roots.exec].some((root) => p === root || p.startsWith(`${root}/`))).sort((a, b) => b.length - a.length);
}

async function teardown(name: string, roots: SecondEngine['roots'], tmp: string): Promise<void> {
  const pid = Number((await readFile(roots.pidFile, 'utf8').catch(() => '')).trim());
  // dockerd stops its containers on SIGTERM (live-restore is off); wait for it, however long that takes.
  if (pid > 0 && (await isProcessAlive(pid))) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 90_000;
    while ((await isProcessAlive(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (await isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  // containerd and its shims outlive a stopped (or killed) dockerd.
  for (let round = 0; round < 50; round++) {
    const left = await processesOf(roots);
    if (left.length === 0) break;
    for (const leftover of left) {
      try {
        process.kill(leftover, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const point of await mountsOf(roots)) await run(['umount', '-l', point], { timeoutMs: 30_000 });
  await run(['ip', 'netns', 'delete', name], { timeoutMs: 30_000 });
  await run(['ip', 'link', 'delete', `${name}h`], { timeoutMs: 30_000 }); // gone with the namespace, unless it never moved
  for (const target of [roots.exec, roots.pidFile, roots.socket, tmp]) await rm(target, { recursive: true, force: true });
}

/** What is left of an engine after its teardown: empty when it is completely gone. */
export async function leftoversOf(engine: Pick<SecondEngine, 'name' | 'roots'>): Promise<string[]> {
  const left: string[] = [];
  const namespaces = await sh(['ip', 'netns', 'list']);
  if (namespaces.split('\n').some((line) => line.split(' ')[0] === engine.name)) left.push(`network namespace ${engine.name}`);
  const links = await sh(['ip', '-o', 'link', 'show']);
  if (links.includes(engine.name)) left.push(`interfaces named ${engine.name}*`);
  for (const pid of await processesOf(engine.roots)) left.push(`process ${pid}: ${await readCmdline(pid)}`);
  for (const point of await mountsOf(engine.roots)) left.push(`mount ${point}`);
  const rules = await sh(['iptables-save']);
  if (rules.includes(engine.name)) left.push(`iptables rules naming ${engine.name}`);
  return left;
}
