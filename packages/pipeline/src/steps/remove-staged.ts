import { drainSeconds } from '../ports/router/nginx-config.js';
import type { FlowTask } from '../flows/context.js';

/** ferry abort: stop the staged container gracefully (what the preview sent it finishes within the drain time), then remove it; traffic is not touched. */
export function removeStagedStep(): FlowTask {
  return {
    title: 'Remove the staged release',
    task: async (ctx, task) => {
      const staged = ctx.inProgress?.kind === 'staged' ? ctx.inProgress.staged : null;
      if (!staged) return;
      const started = Date.now();
      await ctx.ports.docker.stop(staged.id, drainSeconds(ctx.config.router.drainMs));
      await ctx.ports.docker.remove(staged.id);
      task.title = `Remove the staged release: ${staged.version} on ${staged.colour} stopped and removed in ${Date.now() - started} ms; traffic untouched`;
    },
  };
}
