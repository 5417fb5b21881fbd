// Real Docker engines besides the main one, for remote-engine (and later Swarm) tests: each dockerd in
// a network namespace of the test's own, all on one Linux bridge of the run's own, reachable from the
// root namespace over tcp:// at their addresses on it (GUIDE.md, "Several hosts on one machine").
// Every name carries a per-run prefix so parallel helpers and re-runs never collide.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, readCmdline, run } from '@ferry/shared';
import Dockerode from 'dockerode';
import { issueCertificate, makeCertificateAuthority } from './certificates.js';

export interface EngineRoots {
  data: string;
  exec: string;
  pidFile: string;
  socket: string;
}

export interface SecondEngine {
  name: string; // its network namespace
  prefix: string; // the run's prefix: the bridge, every interface and namespace of the group start with it
  hostIp: string; // the root namespace's address on the bridge: where the engine reaches this machine (e.g. a registry)
  engineIp: string; // where dockerd listens
  url: string; // tcp://<engineIp>:2375 (2376 with TLS), for engine.host or DOCKER_HOST
  certPath: string | null; // with TLS: the client's ca.pem, cert.pem and key.pem, for DOCKER_CERT_PATH
  docker: Dockerode;
  roots: EngineRoots;
  tmp: string; // the group's temp dir: files of the test's own for this engine (e.g. an sshd's) go here; stop() removes it and ends every process naming it
  restart: () => Promise<void>; // dockerd stops (its containers with it) and starts again on the same roots, as after a reboot
  stop: () => Promise<void>; // tears the whole group down, completely; safe to call twice and after a failed start
}

export interface EngineGroup {
  prefix: string;
  bridge: string;
  hostIp: string;
  tmp: string;
  engines: SecondEngine[];
  stop: () => Promise<void>;
}

const ENGINE_PORT = 2375;
const TLS_PORT = 2376;
const SUBNET = '10.213'; // a /28 picked at random in 10.213.0.0/16, skipping any in use
const BLOCK = 16;
const MAX_ENGINES = BLOCK - 4; // network, the host's address, broadcast, and one spare

/** One engine (a group of one); its stop() removes everything the group made. */
export async function startSecondEngine(opts: { tls?: boolean } = {}): Promise<SecondEngine> {
  return (await startEngines(1, opts)).engines[0]!;
}

/**
 * `count` engines on one bridge, all answering, or nothing left behind and the error thrown.
 * `tls`: each listens on 2376 with --tlsverify (certificates of a CA of the run's own), as production engines do.
 */
export async function startEngines(count: number, opts: { tls?: boolean } = {}): Promise<EngineGroup> {
  if (count < 1 || count > MAX_ENGINES) throw new Error(`startEngines: 1-${MAX_ENGINES} engines`);
  await sweepStaleGroups();
  const prefix = `fe${randomBytes(4).toString('hex').slice(0, 7)}`; // + "h11" stays within 15 characters, Linux's limit for interface names
  const [hostIp, ...engineIps] = await freeBlock(count + 1);
  const tmp = await mkdtemp(path.join(os.tmpdir(), `ferry-${prefix}-`));
  const bridge = `${prefix}br`;
  const engines: SecondEngine[] = [];
  const group: EngineGroup = { prefix, bridge, hostIp: hostIp!, tmp, engines, stop: () => teardown(group, tmp) };
  // Who owns the group: a later run removes it if this process dies before its teardown (a killed test run).
  const owner: GroupOwner = { pid: process.pid, tmp, count: engineIps.length };
  await writeFile(ownerFile(prefix), JSON.stringify(owner));
  for (const [i, engineIp] of engineIps.entries()) {
    const name = `${prefix}n${i}`;
    const roots = rootsOf(name, tmp);
    const certPath = opts.tls ? path.join(tmp, `${name}-client`) : null;
    const port = opts.tls ? TLS_PORT : ENGINE_PORT;
    const docker = new Dockerode({ host: engineIp, port, protocol: opts.tls ? 'https' : 'http' }); // TLS: its files are added once they exist
    const url = `tcp://${engineIp}:${port}`;
    const engine: SecondEngine = { name, prefix, hostIp: hostIp!, engineIp, url, certPath, docker, roots, tmp, stop: group.stop, restart: () => stopEngine(roots).then(() => startDockerd(engine, tmp)) };
    engines.push(engine);
  }
  try {
    await sh(['ip', 'link', 'add', bridge, 'type', 'bridge']);
    await sh(['ip', 'addr', 'add', `${hostIp}/28`, 'dev', bridge]);
    await sh(['ip', 'link', 'set', bridge, 'up']);
    // The main engine sets FORWARD to DROP, and bridged traffic between the namespaces crosses FORWARD.
    await sh(['iptables', ...forwardRule('-I', bridge)]);
    await Promise.all(engines.map((engine, i) => startEngine(engine, bridge, `${prefix}h${i}`, `${prefix}e${i}`, tmp)));
    return group;
  } catch (error) {
    await group.stop();
    throw error;
  }
}

interface GroupOwner {
  pid: number;
  tmp: string;
  count: number;
}

const ownerFile = (prefix: string) => `/run/${prefix}.owner`;

function rootsOf(name: string, tmp: string): EngineRoots {
  return { data: path.join(tmp, name), exec: `/run/${name}`, pidFile: `/run/${name}.pid`, socket: `/run/${name}.sock` };
}

/** Tears down every group whose owning process is gone; groups of live processes (other runs) are left alone. */
export async function sweepStaleGroups(): Promise<void> {
  for (const file of await readdir('/run')) {
    const prefix = /^(fe[0-9a-f]{7})\.owner$/.exec(file)?.[1];
    if (!prefix) continue;
    const owner = JSON.parse(await readFile(ownerFile(prefix), 'utf8').catch(() => 'null')) as GroupOwner | null;
    if (!owner || (await isProcessAlive(owner.pid))) continue;
    const engines = Array.from({ length: owner.count }, (_, i) => ({ name: `${prefix}n${i}`, roots: rootsOf(`${prefix}n${i}`, owner.tmp) }));
    await teardown({ prefix, bridge: `${prefix}br`, engines }, owner.tmp);
  }
}

export function forwardRule(action: '-I' | '-D', bridge: string): string[] {
  return [action, 'DOCKER-USER', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'];
}

async function startEngine(engine: SecondEngine, bridge: string, hostSide: string, engineSide: string, tmp: string): Promise<void> {
  await sh(['ip', 'netns', 'add', engine.name]);
  await sh(['ip', 'link', 'add', hostSide, 'type', 'veth', 'peer', 'name', engineSide]);
  await sh(['ip', 'link', 'set', engineSide, 'netns', engine.name]);
  await sh(['ip', 'link', 'set', hostSide, 'master', bridge]);
  await sh(['ip', 'link', 'set', hostSide, 'up']);
  for (const argv of [['ip', 'addr', 'add', `${engine.engineIp}/28`, 'dev', engineSide], ['ip', 'link', 'set', engineSide, 'up'], ['ip', 'link', 'set', 'lo', 'up']]) {
    await sh(inNamespace(engine.name, argv));
  }
  await mkdir(engine.roots.data, { recursive: true });
  if (engine.certPath) await makeEngineCertificates(engine, tmp);
  await startDockerd(engine, tmp);
}

/** Server files for dockerd (in <tmp>/<name>-server) and client files in engine.certPath, named as DOCKER_CERT_PATH wants them. */
async function makeEngineCertificates(engine: SecondEngine, tmp: string): Promise<void> {
  const serverDir = path.join(tmp, `${engine.name}-server`);
  const ca = await makeCertificateAuthority(serverDir);
  await issueCertificate(ca, serverDir, 'server', { server: engine.engineIp });
  const client = await issueCertificate(ca, serverDir, 'client', 'client');
  await mkdir(engine.certPath!, { recursive: true, mode: 0o700 });
  for (const [from, to] of [[ca.cert, 'ca.pem'], [client.cert, 'cert.pem'], [client.key, 'key.pem']] as const) await copyFile(from, path.join(engine.certPath!, to));
  const read = (file: string) => readFile(path.join(engine.certPath!, file));
  engine.docker = new Dockerode({ host: engine.engineIp, port: TLS_PORT, protocol: 'https', ca: await read('ca.pem'), cert: await read('cert.pem'), key: await read('key.pem') });
}

/** Starts the engine's dockerd (again) and waits until it answers. */
async function startDockerd(engine: SecondEngine, tmp: string): Promise<void> {
  const logFile = path.join(tmp, `${engine.name}.log`);
  const log = await open(logFile, 'a');
  const tls = engine.certPath ? path.join(tmp, `${engine.name}-server`) : null;
  const argv = dockerdArgv(engine.name, engine.roots, engine.engineIp, tls);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', log.fd, log.fd], detached: true });
  child.unref();
  await log.close();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (await engine.docker.ping().then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  const tail = (await readFile(logFile, 'utf8').catch(() => '')).slice(-2000);
  throw new Error(`the engine in ${engine.name} did not answer at ${engine.url} within 120 s; dockerd log:\n${tail}`);
}

/**
 * The dockerd command line: its own roots, pid file and sockets, so it shares nothing with the main engine.
 * nsenter --net, not `ip netns exec`: the latter remounts /sys and dockerd then finds no devices cgroup.
 */
export function dockerdArgv(name: string, roots: EngineRoots, engineIp: string, tlsDir: string | null = null): string[] {
  const tcp = tlsDir
    ? ['--tlsverify', '--tlscacert', path.join(tlsDir, 'ca.pem'), '--tlscert', path.join(tlsDir, 'server-cert.pem'), '--tlskey', path.join(tlsDir, 'server-key.pem'), '-H', `tcp://${engineIp}:${TLS_PORT}`]
    : ['-H', `tcp://${engineIp}:${ENGINE_PORT}`];
  return inNamespace(name, [
    'dockerd',
    '--data-root', roots.data,
    '--exec-root', roots.exec,
    '--pidfile', roots.pidFile,
    '-H', `unix://${roots.socket}`,
    ...tcp,
  ]);
}

export function inNamespace(name: string, argv: string[]): string[] {
  return ['nsenter', `--net=/var/run/netns/${name}`, ...argv];
}

async function sh(argv: string[]): Promise<string> {
  const result = await run(argv, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`${argv.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
  return result.stdout;
}

/** `size` addresses of a free /28: the first for the bridge, the rest for the engines. */
async function freeBlock(size: number): Promise<string[]> {
  const inUse = await sh(['ip', '-4', '-o', 'addr', 'show']);
  for (let attempt = 0; attempt < 50; attempt++) {
    const [third, fourth] = [randomBytes(1)[0]!, (randomBytes(1)[0]! % BLOCK) * BLOCK];
    const block = Array.from({ length: BLOCK }, (_, i) => `${SUBNET}.${third}.${fourth + i}`);
    if (!block.some((ip) => inUse.includes(` ${ip}/`))) return block.slice(1, 1 + size);
  }
  throw new Error(`no free /28 in ${SUBNET}.0.0/16`);
}

/** Processes whose command line mentions an engine's exec root: its dockerd, containerd and shims. */
export function processesOf(roots: EngineRoots): Promise<number[]> {
  return processesNaming(roots.exec); // the pid file and socket share the prefix
}

async function processesNaming(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if ((await readCmdline(pid)).includes(text)) pids.push(pid);
  }
  return pids;
}

function killAll(pids: number[]): void {
  for (const pid of pids.filter((p) => Number.isInteger(p) && p > 0 && p !== process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** Mount points under an engine's roots (its overlay layers, netns files, shm), deepest first. */
export async function mountsOf(roots: EngineRoots): Promise<string[]> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  const points = mountinfo.split('\n').map((line) => line.split(' ')[4] ?? '');
  return points.filter((p) => [roots.data, roots.exec].some((root) => p === root || p.startsWith(`${root}/`))).sort((a, b) => b.length - a.length);
}

async function teardown(group: Pick<EngineGroup, 'prefix' | 'bridge'> & { engines: Pick<SecondEngine, 'name' | 'roots'>[] }, tmp: string): Promise<void> {
  await Promise.all(group.engines.map((engine) => stopEngine(engine.roots)));
  // What else the test ran in a namespace (an sshd, its sessions) or with files in tmp (an ssh-agent) dies with the group.
  const inNamespaces = await Promise.all(group.engines.map(async (engine) => (await run(['ip', 'netns', 'pids', engine.name], { timeoutMs: 30_000 })).stdout.split('\n').map(Number)));
  killAll([...inNamespaces.flat(), ...(await processesNaming(tmp))]);
  for (const engine of group.engines) {
    for (const point of await mountsOf(engine.roots)) await run(['umount', '-l', point], { timeoutMs: 30_000 });
    await run(['ip', 'netns', 'delete', engine.name], { timeoutMs: 30_000 });
    for (const target of [engine.roots.exec, engine.roots.pidFile, engine.roots.socket]) await rm(target, { recursive: true, force: true });
  }
  // The veths' root ends go with their namespaces; one that never moved, and the bridge, go here.
  for (const [i] of group.engines.entries()) await run(['ip', 'link', 'delete', `${group.prefix}h${i}`], { timeoutMs: 30_000 });
  await run(['ip', 'link', 'delete', group.bridge], { timeoutMs: 30_000 });
  while ((await run(['iptables', ...forwardRule('-D', group.bridge)], { timeoutMs: 30_000 })).code === 0) {
    // inserted once; deleted until none is left, so a retried start cannot leave a second copy
  }
  await rm(tmp, { recursive: true, force: true });
  await rm(ownerFile(group.prefix), { force: true });
}

/** dockerd stops its containers on SIGTERM (live-restore is off): wait for it; then containerd and shims, which outlive it. */
async function stopEngine(roots: EngineRoots): Promise<void> {
  const pid = Number((await readFile(roots.pidFile, 'utf8').catch(() => '')).trim());
  if (pid > 0 && (await isProcessAlive(pid))) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 90_000;
    while ((await isProcessAlive(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (await isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  for (let round = 0; round < 50; round++) {
    const left = await processesOf(roots);
    if (left.length === 0) return;
    killAll(left);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What is left of a group after its teardown: empty when it is completely gone. */
export async function leftoversOf(group: Pick<EngineGroup, 'prefix' | 'tmp'> & { engines: Pick<SecondEngine, 'roots'>[] }): Promise<string[]> {
  const left: string[] = [];
  const namespaces = (await sh(['ip', 'netns', 'list'])).split('\n').map((line) => line.split(' ')[0]!);
  for (const name of namespaces.filter((n) => n.startsWith(group.prefix))) left.push(`network namespace ${name}`);
  const links = await sh(['ip', '-o', 'link', 'show']);
  if (links.includes(group.prefix)) left.push(`interfaces named ${group.prefix}*`);
  const pids = new Set(await processesNaming(group.tmp)); // dockerd names its data root there; an sshd or agent of the test its files
  for (const { roots } of group.engines) for (const pid of await processesOf(roots)) pids.add(pid);
  for (const pid of pids) left.push(`process ${pid}: ${await readCmdline(pid)}`);
  for (const { roots } of group.engines) for (const point of await mountsOf(roots)) left.push(`mount ${point}`);
  if ((await sh(['iptables-save'])).includes(group.prefix)) left.push(`iptables rules naming ${group.prefix}`);
  if (await readFile(ownerFile(group.prefix)).then(() => true, () => false)) left.push(`owner file ${ownerFile(group.prefix)}`);
  return left;
}
