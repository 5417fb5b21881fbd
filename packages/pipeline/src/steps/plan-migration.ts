import { imageRef } from '../planning/names.js';
import type { FlowTask } from '../flows/context.js';
import { runDatabaseCommand, STREAMED_OUTPUT } from './database-support.js';

/** Under --dry-run only: show the pending migrations with the configured dry_run command; changes nothing. */
export function planMigrationStep(): FlowTask {
  return {
    title: 'Plan migration (dry run)',
    enabled: (ctx) => ctx.options.dryRun && ctx.config.database?.migrate !== undefined,
    rendererOptions: STREAMED_OUTPUT,
    skip: async (ctx) => {
      if (!ctx.config.database!.dryRun) return 'no database/dry_run command configured';
      const image = imageRef(ctx.config, ctx.tag);
      return (await ctx.ports.docker.imageId(image)) ? false : `image ${image} is not built yet (a dry run builds nothing)`;
    },
    task: async (ctx, task) => {
      const cmd = ctx.config.database!.dryRun!;
      await runDatabaseCommand(ctx, task, 'dry-run', cmd);
      task.title = `Plan migration (dry run): \`${cmd.join(' ')}\` changed nothing`;
    },
  };
}
