// CPU time of processes from /proc: where a request's cost goes (load generator, docker-proxy, nginx, app)
// on a machine whose cores they all share.
import { readdir, readFile } from 'node:fs/promises';

const TICKS_PER_S = 100; // USER_HZ on Linux

/** utime + stime of each pid, in ms; a pid that is gone counts 0. */
export async function cpuMs(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // fields after the command's closing parenthesis: state is field 3, utime 14, stime 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_S;
}

/** The docker-proxy processes that forward a host port (the userland path of loopback traffic). */
export async function dockerProxyPids(hostPort: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (argv[0]?.endsWith('docker-proxy') && argv[argv.indexOf('-host-port') + 1] === String(hostPort)) pids.push(Number(entry));
  }
  return pids;
}

/** The engine's daemon (it copies every line a container logs) and a container's shim (its stdout pipe), by host pid. */
export async function enginePids(mainPid: number | null): Promise<{ dockerd: number[]; shim: number[] }> {
  const dockerd = Number((await readFile('/var/run/docker.pid', 'utf8').catch(() => '')).trim());
  const stat = mainPid ? await readFile(`/proc/${mainPid}/stat`, 'utf8').catch(() => null) : null;
  const parent = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : 0;
  return { dockerd: dockerd > 0 ? [dockerd] : [], shim: parent > 1 ? [parent] : [] };
}
