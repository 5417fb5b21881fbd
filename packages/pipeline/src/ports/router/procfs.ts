import { readFile, readdir } from 'node:fs/promises';

// Linux /proc readers: how the router knows which nginx processes are its own.

interface ProcStat {
  state: string; // R, S, D, Z, ...
  ppid: number;
}

async function readStat(pid: number): Promise<ProcStat | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: fields after it start past the LAST ')'
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0]!, ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

/** True when the process exists and is not a zombie waiting to be reaped. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await readStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** The process title nginx sets, e.g. "nginx: worker process is shutting down"; '' when gone. */
export async function readCmdline(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** Live (non-zombie) direct children of `ppid`. */
export async function childPids(ppid: number): Promise<number[]> {
  const entries = await readdir('/proc');
  const children: number[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readStat(Number(name));
    if (stat && stat.ppid === ppid && stat.state !== 'Z') children.push(Number(name));
  }
  return children;
}
