import { waitUntilDrained } from './confirm.js';

/** One nginx process as a router sees it: its pid and its title (`nginx: worker process is shutting down`). */
export interface NginxProcess {
  pid: number;
  args: string;
}

/** Sends SIGQUIT (nginx's graceful worker shutdown) to these old workers, as their master would; the router checks whose they are. */
export type QuitWorkers = (oldWorkers: number[], listing: NginxProcess[]) => Promise<void>;

const SERVING = 'nginx: worker process';
const isServingWorker = (p: NginxProcess) => p.args.includes(SERVING) && !p.args.includes('shutting down');

/**
 * The old workers to quit now, or none: those of `tracked` still accepting connections, once at least as
 * many workers of the new config (serving, untracked) are up to take them over. nginx's master waits a
 * fixed 100 ms after forking the new workers before it tells the old ones to quit (ngx_msleep(100) in
 * ngx_master_process_cycle); a new worker sets its title only after its init, so it is ready to accept.
 * Connections queued meanwhile wait in the listening socket the master keeps open: none is refused.
 */
export function workersToQuit(tracked: number[], listing: NginxProcess[]): number[] {
  const accepting = listing.filter((p) => tracked.includes(p.pid) && isServingWorker(p)).map((p) => p.pid);
  const fresh = listing.filter((p) => !tracked.includes(p.pid) && isServingWorker(p));
  return accepting.length > 0 && fresh.length >= accepting.length ? accepting : [];
}

/**
 * The workers that served before a reload. Until the master has told them to quit they still accept
 * connections with the old config, so a switch is confirmed only once they stopped accepting, and a
 * drain waits until they are gone. Both routers share it; each lists its nginx processes its own way,
 * and may quit the old workers itself as soon as the new ones are up (`quit`) instead of waiting for the master.
 */
export class OldWorkers {
  private pids: number[] = [];

  constructor(
    private readonly list: () => Promise<NginxProcess[]>,
    private readonly quit?: QuitWorkers,
  ) {}

  /** After a reload: the workers of `before` join the earlier old workers that `alive` still lists. */
  record(before: number[], alive: NginxProcess[]): void {
    const living = new Set(alive.map((p) => p.pid));
    this.pids = [...new Set([...this.pids.filter((pid) => living.has(pid)), ...before])];
  }

  async stoppedAccepting(): Promise<boolean> {
    const listing = await this.list();
    const byPid = new Map(listing.map((p) => [p.pid, p.args]));
    if (this.pids.every((pid) => !byPid.has(pid) || byPid.get(pid)!.includes('shutting down'))) return true;
    const quit = workersToQuit(this.pids, listing);
    if (this.quit && quit.length > 0) await this.quit(quit, listing); // the next look sees them shutting down
    return false;
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
