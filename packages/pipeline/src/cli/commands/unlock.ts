import { clearStaleLock, describeHolder, describeStale } from '../../state/lock.js';
import { statePaths } from '../../state/paths.js';
import { LockHeldError } from '../../errors.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printLines } from '../print.js';

/** The lock is the OS's: it ends when its holder exits. unlock clears what a dead holder left, never a live lock. */
export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const status = await clearStaleLock(statePaths(config.stateDir).lockFile);
  if (status.state === 'held') {
    throw new LockHeldError(
      `${config.name} is locked by ${describeHolder(status.holder)}, which is running: the lock is released the moment it exits (even if killed). Wait for it, or stop it (kill ${status.holder.pid} on ${status.holder.host}); no flag can break a live lock.`,
    );
  }
  printLines([status.state === 'free' ? `${config.name}: not locked` : `${config.name}: cleared a stale lock: ${describeStale(status.holder)} (nothing held the lock)`]);
  return 0;
}
