import type { FlowTask } from '../flows/context.js';
import { databaseRun, restoreUndo, runDatabaseCommand, STREAMED_OUTPUT } from './database-support.js';

/** dry_run (shown), then migrate in a one-off container of the new image; a failure restores the backup. */
export function migrateStep(): FlowTask {
  return {
    title: 'Migrate database',
    enabled: (ctx) => ctx.config.database?.migrate !== undefined,
    rendererOptions: STREAMED_OUTPUT,
    task: async (ctx, task) => {
      const db = ctx.config.database!;
      const run = databaseRun(ctx);
      if (db.dryRun) {
        task.title = `Migrate database: planning with \`${db.dryRun.join(' ')}\``;
        await runDatabaseCommand(ctx, task, 'dry-run', db.dryRun);
      }
      // Registered before the command runs: a migration that dies halfway is exactly what the backup is for.
      const undo = restoreUndo(run);
      ctx.undo.push(undo);
      task.title = `Migrate database: \`${db.migrate!.join(' ')}\``;
      ctx.timings.migrateMs = await runDatabaseCommand(ctx, task, 'migrate', db.migrate!);
      run.migrated = true;
      // Without restore_on_failure, later failures keep the new schema (the old code must cope with it).
      if (!db.restoreOnFailure) ctx.undo.splice(ctx.undo.indexOf(undo), 1);
      task.title = `Migrate database: done in ${ctx.timings.migrateMs} ms${db.restoreOnFailure ? '' : ' (restore_on_failure: false)'}`;
    },
  };
}
