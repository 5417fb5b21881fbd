import { ConfigError } from '../errors.js';
import type { FlowTask } from '../flows/context.js';
import { otherRuntimeRouter } from '../flows/ports.js';

/** The router's preconditions (nginx, its directories, the listen address, its config) before anything changes: exit 2 naming the fix. */
export function checkRouterStep(): FlowTask {
  return {
    title: 'Check router',
    task: async (ctx, task) => {
      const { runtime, listen } = ctx.config.router;
      // two routers would want one address: host → container is `ferry router takeover`, never a side effect of a deploy
      const other = otherRuntimeRouter(ctx.config, ctx.ports.docker);
      if (await other.isRunning()) {
        throw new ConfigError(
          `router/runtime: ${runtime}, but this environment's router still runs as ${other.title} (${listen.host}:${listen.port}); ${runtime === 'container' ? `move it with \`ferry router takeover --env ${ctx.config.name}\`, or ` : ''}run \`ferry remove --env ${ctx.config.name} --yes\` first (its service stops until the next deploy), or set router/runtime back to ${runtime === 'container' ? 'host' : 'container'}`,
        );
      }
      await ctx.ports.router.preflight();
      task.title =
        runtime === 'container'
          ? `Check router: image ${ctx.config.router.image} on the engine`
          : `Check router: nginx installed, config accepted, port ${listen.port} ready`;
    },
  };
}
