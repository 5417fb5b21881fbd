import { readCmdline, readProcStat } from '@ferry/shared';

/**
 * SIGQUIT to each of `pids` that this machine's /proc shows as a serving worker of `master`, exactly what
 * nginx's master sends them after a reload (graceful: in-flight requests finish). Anything else — a pid that
 * ended, was reused, belongs to another master or to another machine's engine, or that we may not signal —
 * is left alone: the master then quits its old workers itself. Returns the pids signalled.
 */
export async function quitWorkersOf(master: number, pids: number[]): Promise<number[]> {
  if (!(await readCmdline(master)).startsWith('nginx: master process')) return [];
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
