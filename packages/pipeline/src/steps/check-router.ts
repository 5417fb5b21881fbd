import type { FlowTask } from '../flows/context.js';

/** The router's preconditions (nginx, its directories, the listen address, its config) before anything changes: exit 2 naming the fix. */
export function checkRouterStep(): FlowTask {
  return {
    title: 'Check router',
    task: async (ctx, task) => {
      await ctx.ports.router.preflight();
      task.title =
        ctx.config.router.runtime === 'container'
          ? `Check router: image ${ctx.config.router.image} on the engine`
          : `Check router: nginx installed, config accepted, port ${ctx.config.router.listen.port} ready`;
    },
  };
}
