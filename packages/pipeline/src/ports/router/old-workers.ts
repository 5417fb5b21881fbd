import { childPids, readCmdline } from '@ferry/shared';
import { waitUntilDrained } from './confirm.js';

/** One nginx process as a router sees it: its pid and its title (`nginx: worker process is shutting down`). */
export interface NginxProcess {
  pid: number;
  args: string;
}

/** A master's children (host pids) with their titles, from /proc on this machine: no engine call, no `ps`. */
export async function childrenOfMaster(master: number): Promise<NginxProcess[]> {
  return Promise.all((await childPids(master)).map(async (pid) => ({ pid, args: await readCmdline(pid) })));
}

/**
 * The workers that served before a reload. Until the master has told them to quit they still accept
 * connections with the old config, so a switch is confirmed only once they stopped accepting, and a
 * drain waits until they are gone. Both routers share it; each lists its nginx processes its own way.
 */
export class OldWorkers {
  private pids: number[] = [];

  constructor(private readonly list: () => Promise<NginxProcess[]>) {}

  /** After a reload: the workers of `before` join the earlier old workers that `alive` still lists. */
  record(before: number[], alive: NginxProcess[]): void {
    const living = new Set(alive.map((p) => p.pid));
    this.pids = [...new Set([...this.pids.filter((pid) => living.has(pid)), ...before])];
  }

  async stoppedAccepting(): Promise<boolean> {
    const byPid = new Map((await this.list()).map((p) => [p.pid, p.args]));
    return this.pids.every((pid) => !byPid.has(pid) || byPid.get(pid)!.includes('shutting down'));
  }

  async draining(): Promise<number[]> {
    return (await this.list()).filter((p) => this.pids.includes(p.pid) || p.args.includes('shutting down')).map((p) => p.pid);
  }

  async waitForDrain(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<{ drained: boolean; waitedMs: number }> {
    const result = await waitUntilDrained(() => this.draining(), opts);
    if (result.drained) this.pids = [];
    return result;
  }
}
