import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';

// Linux /proc readers: whether a process is really alive, which children it has, what it calls itself.

export interface ProcStat {
  state: string; // R, S, D, Z, X, ...
  ppid: number;
}

export async function readProcStat(pid: number): Promise<ProcStat | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: fields after it start past the LAST ')'
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0]!, ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

const ENDED = ['Z', 'X']; // zombie (exited, not yet reaped by its parent) and dead

/**
 * True when the process exists and has not ended. kill(pid, 0) alone calls a zombie alive: an nginx
 * master or a lock holder that has exited but was not reaped must count as dead. EPERM means it
 * exists under another user. Without /proc (not Linux) the kill probe alone decides.
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await readProcStat(pid);
  if (stat === null) return !existsSync('/proc/self/stat'); // it vanished meanwhile, or there is no /proc to ask
  return !ENDED.includes(stat.state);
}

/** The title a process gives itself, e.g. "nginx: worker process is shutting down"; '' when gone. */
export async function readCmdline(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/**
 * Direct children of `ppid` that have not ended. The kernel's list of a process's children (one small
 * file, when /proc offers it) first: a scan of every process costs a switch's confirm loop a read per
 * process on each turn. The list is per thread: it holds every child only of a single-threaded parent.
 */
export async function childPids(ppid: number): Promise<number[]> {
  const listed = await readFile(`/proc/${ppid}/task/${ppid}/children`, 'utf8').catch(() => null);
  const threads = listed === null ? null : await readdir(`/proc/${ppid}/task`).catch(() => null);
  if (listed !== null && threads?.length === 1) {
    const pids = listed.split(' ').filter((word) => /^\d+$/.test(word)).map(Number);
    const stats = await Promise.all(pids.map(readProcStat));
    return pids.filter((_, i) => stats[i] && stats[i]!.ppid === ppid && !ENDED.includes(stats[i]!.state));
  }
  return scanChildPids(ppid);
}

async function scanChildPids(ppid: number): Promise<number[]> {
  const children: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readProcStat(Number(name));
    if (stat && stat.ppid === ppid && !ENDED.includes(stat.state)) children.push(Number(name));
  }
  return children;
}
