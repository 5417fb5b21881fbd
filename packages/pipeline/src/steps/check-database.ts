import { checkConnection, checkTools } from '../ports/database/index.js';
import type { FlowTask } from '../flows/context.js';
import { databaseUrl } from './database-support.js';

/** Before anything changes: the pg client tools exist and the url reaches the database with working credentials. */
export function checkDatabaseStep(): FlowTask {
  return {
    title: 'Check database',
    enabled: (ctx) => ctx.config.database !== undefined,
    task: async (ctx, task) => {
      await checkTools();
      await checkConnection(databaseUrl(ctx));
      task.title = `Check database: reachable as ${ctx.config.database!.urlEnv}, pg_dump and pg_restore found`;
    },
  };
}
