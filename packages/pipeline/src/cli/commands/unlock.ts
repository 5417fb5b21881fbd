import { describeHolder, forceUnlock, readLock } from '../../state/lock.js';
import { statePaths } from '../../state/paths.js';
import { LockHeldError } from '../../errors.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printLines } from '../print.js';

/** Clear the deploy lock; refuse while its holder is alive on this host unless --force. */
export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const lockFile = statePaths(config.stateDir).lockFile;
  const status = await readLock(lockFile);
  if (status.state === 'free') {
    printLines([`${config.name}: not locked`]);
    return 0;
  }
  if (status.state === 'held' && !args.force) {
    throw new LockHeldError(`${config.name} is locked by ${describeHolder(status.holder)}, which may still be running. Pass --force to clear it anyway.`);
  }
  await forceUnlock(lockFile);
  printLines([`${config.name}: cleared ${status.state} lock of ${describeHolder(status.holder)}`]);
  return 0;
}
