import { FerryError } from '../errors.js';
import { restore } from '../ports/database/index.js';
import type { FlowTask } from '../flows/context.js';
import { databaseRun, databaseUrl, describeRowsReplaced, discarded, restoreUndo } from './database-support.js';

/** `ferry restore`: put the chosen backup back and prove every table identical; otherwise undo to the safety backup. */
export function restoreDatabaseStep(): FlowTask {
  return {
    title: 'Restore database',
    task: async (ctx, task) => {
      const { metadata, file } = ctx.restoreFrom!;
      const run = databaseRun(ctx);
      // The safety backup the previous step took is what a failed restore goes back to.
      ctx.undo.push(restoreUndo(run));
      task.title = `Restore database from ${metadata.id}`;
      const started = Date.now();
      const result = await restore({ url: databaseUrl(ctx), backupFile: file, signal: ctx.signal });
      ctx.timings.restoreMs = Date.now() - started;
      if (!result.identical) {
        throw new FerryError(`the restored database differs from backup ${file}; the restore was rolled back, the database is unchanged:\n${result.differences.join('\n')}`);
      }
      ctx.undo.pop(); // proven identical: nothing to undo
      run.restoredFrom = { id: metadata.id, tables: metadata.fingerprint.tables.length };
      run.discardedRows = discarded(result.rowsReplaced);
      task.output = describeRowsReplaced(result.rowsReplaced);
      if (run.discardedRows?.length !== 0) ctx.warnings.push(`restore of ${metadata.id}: ${task.output}`);
      task.title = `Restore database: restored, ${metadata.fingerprint.tables.length} tables identical (${ctx.timings.restoreMs} ms)`;
    },
  };
}
