import { readCmdline } from '@ferry/shared';

/**
 * SIGHUP to `master` when this machine's /proc shows it as an nginx master: exactly what `nginx -s reload`
 * sends after reading the pid file, without a process (or a docker exec) to send it. Whether it was sent.
 * A signal from the engine's host, not the engine's kill API: the engine's idea of the container is untouched.
 * (Only the master: a worker quit from outside is one its master did not ask to quit, and it respawns it.)
 */
export async function reloadMaster(master: number): Promise<boolean> {
  if (!(await readCmdline(master)).startsWith('nginx: master process')) return false;
  try {
    process.kill(master, 'SIGHUP');
    return true;
  } catch {
    return false; // gone meanwhile, or not ours to signal
  }
}
