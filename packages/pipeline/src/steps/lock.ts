import { acquireLock, describeStale } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { assertCanRecord } from '../state/record-room.js';
import type { FlowTask } from '../flows/context.js';

/** Check the state dir can record the release (exit 2 before anything changes), then take the environment's deploy lock; the flow runner releases it on every path. */
export function lockStep(): FlowTask {
  return {
    title: 'Lock',
    task: async (ctx, task) => {
      // the lock itself is the first write: a full disk is named, not an ENOSPC (with a database section, the backup's room too)
      await assertCanRecord(ctx.config.stateDir, ctx.config.database !== undefined && ctx.action !== 'rollback');
      ctx.lock = await acquireLock(statePaths(ctx.config.stateDir).lockFile, ctx.command);
      if (ctx.lock.reclaimed) {
        const note = `reclaimed a stale lock: ${describeStale(ctx.lock.reclaimed)} (it held no OS lock)`;
        ctx.warnings.push(note);
        task.output = note;
      }
      task.title = `Lock ${ctx.config.name} (pid ${process.pid})`;
    },
  };
}
