import { checkConnection } from '../ports/database/index.js';
import type { FlowTask } from '../flows/context.js';
import { databaseUrl, runDatabaseCommand, STREAMED_OUTPUT } from './database-support.js';

/** After migrating: the database still answers, and the configured verify command passes. */
export function verifyDatabaseStep(): FlowTask {
  return {
    title: 'Verify database',
    enabled: (ctx) => ctx.config.database?.migrate !== undefined || ctx.config.database?.verify !== undefined,
    rendererOptions: STREAMED_OUTPUT,
    task: async (ctx, task) => {
      await checkConnection(databaseUrl(ctx));
      const verify = ctx.config.database!.verify;
      if (!verify) {
        task.title = 'Verify database: reachable (no verify command configured)';
        return;
      }
      const ms = await runDatabaseCommand(ctx, task, 'verify', verify);
      task.title = `Verify database: \`${verify.join(' ')}\` passed in ${ms} ms`;
    },
  };
}
