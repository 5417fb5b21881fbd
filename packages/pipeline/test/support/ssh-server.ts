// Debian's openssh-server inside a second engine's namespace, so engine.host: ssh://root@<its address>
// is tested for real: docker-modem logs in over ssh2 and runs `docker system dial-stdio` there, which
// must reach that namespace's dockerd (its socket, via SetEnv DOCKER_HOST), never the main engine.
// Keys are made here with ssh-keygen; an ssh-agent of the test's own holds the client key, like a user's.
// Every file lives in the engine's tmp and every process is in its namespace or names tmp, so the
// group's stop() ends them all even when this module's own stop() never ran.
import { spawn } from 'node:child_process';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, run } from '@ferry/shared';
import { inNamespace, type SecondEngine } from './second-engine.js';
import { waitFor } from './wait.js';

export interface SshKey {
  privateKey: string; // the file
  publicKey: string; // its .pub line
}

export interface SshServer {
  url: string; // ssh://root@<engineIp> (port 22), for engine.host
  knownHostsLine: string; // "<engineIp> ssh-ed25519 AAAA…": what ~/.ssh/known_hosts holds for it
  log: string; // sshd's log file
  stop: () => Promise<void>;
}

export interface SshAgent {
  socket: string; // SSH_AUTH_SOCK
  add: (key: SshKey) => Promise<void>;
  stop: () => Promise<void>;
}

/** A fresh unencrypted ed25519 key pair in dir. */
export async function makeKey(dir: string, name: string): Promise<SshKey> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privateKey = path.join(dir, name);
  await sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', privateKey]);
  return { privateKey, publicKey: (await readFile(`${privateKey}.pub`, 'utf8')).trim() };
}

/** sshd_config of the test's own: one host key, one authorized key file, root by key only, the engine's socket for every session. */
export function sshdConfig(o: { listen: string; dir: string; dockerHost: string }): string {
  return [
    `ListenAddress ${o.listen}`,
    `HostKey ${path.join(o.dir, 'host_ed25519')}`,
    `PidFile ${path.join(o.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(o.dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no', // the key file is under /tmp (mode 1777), which StrictModes refuses; it is mode 0600 in a 0700 dir of root's
    // HOME of the sessions' own: bash run by sshd sources ~/.bashrc, and this machine's root's (pyenv init) takes seconds, or a minute on a stale lock
    `SetEnv DOCKER_HOST=${o.dockerHost} HOME=${path.join(o.dir, 'home')}`,
    'MaxStartups 100', // docker-modem opens one ssh connection per API call; a deploy makes several at once
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

/** sshd in the engine's namespace on port 22 of its address, letting in `authorized` keys; answers before this returns. */
export async function startSshServer(engine: SecondEngine, authorized: SshKey[]): Promise<SshServer> {
  const dir = path.join(engine.tmp, `${engine.name}-sshd`);
  await mkdir(path.join(dir, 'home'), { recursive: true, mode: 0o700 });
  await sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', path.join(dir, 'host_ed25519')]);
  await writeFile(path.join(dir, 'authorized_keys'), authorized.map((key) => `${key.publicKey}\n`).join(''), { mode: 0o600 });
  const config = path.join(dir, 'sshd_config');
  await writeFile(config, sshdConfig({ listen: `${engine.engineIp}:22`, dir, dockerHost: `unix://${engine.roots.socket}` }), { mode: 0o600 });
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation directory (Debian's unit makes it)
  const log = path.join(dir, 'sshd.log');
  const checked = await run(['/usr/sbin/sshd', '-t', '-f', config], { timeoutMs: 30_000 });
  if (checked.code !== 0) throw new Error(`sshd -t -f ${config} rejected the config: ${checked.stderr.trim()}`);
  await spawnDetached(inNamespace(engine.name, ['/usr/sbin/sshd', '-D', '-f', config, '-E', log]), log);
  const hostKey = (await readFile(path.join(dir, 'host_ed25519.pub'), 'utf8')).trim();
  const server: SshServer = {
    url: `ssh://root@${engine.engineIp}`,
    knownHostsLine: `${engine.engineIp} ${hostKey}`,
    log,
    stop: async () => stopPidFile(path.join(dir, 'sshd.pid')),
  };
  await waitFor(async () => (await run(inNamespace(engine.name, ['bash', '-c', `exec 3<>/dev/tcp/${engine.engineIp}/22`]), { timeoutMs: 5_000 })).code === 0, 30_000).catch(async () => {
    throw new Error(`sshd in ${engine.name} did not listen on ${engine.engineIp}:22; its log:\n${await readFile(log, 'utf8').catch(() => '')}`);
  });
  return server;
}

/** An ssh-agent with its socket in dir (`ssh-agent -D -a`), like the one a user's session runs. */
export async function startSshAgent(dir: string): Promise<SshAgent> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const socket = path.join(dir, 'agent.sock');
  const log = path.join(dir, 'agent.log');
  const pid = await spawnDetached(['ssh-agent', '-D', '-a', socket], log);
  await waitFor(async () => (await run(['ssh-add', '-l'], { timeoutMs: 5_000, env: { ...process.env, SSH_AUTH_SOCK: socket } })).code !== 2, 30_000); // 2: no agent there yet
  return {
    socket,
    add: async (key) => {
      const added = await run(['ssh-add', key.privateKey], { timeoutMs: 30_000, env: { ...process.env, SSH_AUTH_SOCK: socket } });
      if (added.code !== 0) throw new Error(`ssh-add ${key.privateKey} failed: ${added.stderr.trim()}`);
    },
    stop: async () => stopPid(pid),
  };
}

async function spawnDetached(argv: string[], logFile: string): Promise<number> {
  const log = await open(logFile, 'a');
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', log.fd, log.fd], detached: true });
  child.unref();
  await log.close();
  return child.pid!;
}

async function stopPidFile(file: string): Promise<void> {
  await stopPid(Number((await readFile(file, 'utf8').catch(() => '')).trim()));
}

async function stopPid(pid: number): Promise<void> {
  if (!(pid > 0) || !(await isProcessAlive(pid))) return;
  process.kill(pid, 'SIGTERM');
  await waitFor(async () => !(await isProcessAlive(pid)), 10_000).catch(() => process.kill(pid, 'SIGKILL'));
}

async function sh(argv: string[]): Promise<void> {
  const result = await run(argv, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`${argv.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
}
