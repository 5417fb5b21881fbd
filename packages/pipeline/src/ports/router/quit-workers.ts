import { readCmdline, readProcStat } from '@ferry/shared';

/**
 * SIGQUIT to each of `pids` that this machine's /proc shows as a serving worker of `master`, exactly what
 * nginx's master sends them after a reload (graceful: in-flight requests finish). Anything else — a pid that
 * ended, was reused, belongs to another master or to another machine's engine, or that we may not signal —
 * is left alone: the master then quits its old workers itself. Returns the pids signalled.
 */
export async function quitWorkersOf(master: number, pids: number[]): Promise<number[]> {
  if (!(await isNginxMaster(master))) return [];
  const signalled: number[] = [];
  for (const pid of pids) {
    const [stat, title] = await Promise.all([readProcStat(pid), readCmdline(pid)]);
    if (stat?.ppid !== master || title !== 'nginx: worker process') continue;
    try {
      process.kill(pid, 'SIGQUIT');
      signalled.push(pid);
    } catch {
      // gone meanwhile, or not ours to signal
    }
  }
  return signalled;
}

const isNginxMaster = async (pid: number) => (await readCmdline(pid)).startsWith('nginx: master process');

/**
 * SIGHUP to `master` when this machine's /proc shows it as an nginx master: exactly what `nginx -s reload`
 * sends after reading the pid file, without a process (or a docker exec) to send it. Whether it was sent.
 * A signal from the engine's host, not the engine's kill API: the engine's idea of the container is untouched.
 */
export async function reloadMaster(master: number): Promise<boolean> {
  if (!(await isNginxMaster(master))) return false;
  try {
    process.kill(master, 'SIGHUP');
    return true;
  } catch {
    return false; // gone meanwhile, or not ours to signal
  }
}
