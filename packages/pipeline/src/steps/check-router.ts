import { hostRouterEngineIssue } from '../config/router-address.js';
import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { FlowTask } from '../flows/context.js';
import { otherRuntimeRouter } from '../flows/ports.js';
import { readAhead } from '../flows/read-ahead.js';
import { readReleaseTruth } from '../state/gather-truth.js';

/**
 * The router's preconditions (nginx, its directories, the listen address, its config) before anything changes: exit 2 naming the fix.
 * `ping`: the flow's first engine call is this step's (rollback); a deploy's plan pinged already.
 * `readAhead`: once the engine answered, the plan's reads (read-only) go while the router is checked; the plan
 * step takes them only after this check passed (a plan read from the wrong router would be wrong).
 */
export function checkRouterStep(opts: { ping: boolean; readAhead?: boolean }): FlowTask {
  return {
    title: 'Check router',
    task: async (ctx, task) => {
      const { runtime, listen } = ctx.config.router;
      // a clear "engine did not answer ping" beats an inspect error
      if (opts.ping) await ctx.ports.docker.ping();
      const far = hostRouterEngineIssue(runtime, ctx.config.engine.host, ctx.config.engine.source, ctx.config.file);
      if (far) throw new ConfigError(far);
      if (opts.readAhead) ctx.readAhead = readAhead(() => readReleaseTruth(ctx, { ping: false }));
      // two routers would want one address: host → container is `ferry router takeover`, never a side effect of a deploy
      const other = otherRuntimeRouter(ctx.config, ctx.ports.docker);
      if (await other.isRunning()) throw runtimeConflict(ctx.config, other.title);
      await ctx.ports.router.preflight();
      task.title =
        runtime === 'container'
          ? `Check router: image ${ctx.config.router.image} on the engine`
          : `Check router: nginx installed, config accepted, port ${listen.port} ready`;
    },
  };
}

/** The other router still serves: exit 2 naming router/runtime and every way out. */
export function runtimeConflict(config: EnvironmentConfig, otherTitle: string): ConfigError {
  const { runtime, listen } = config.router;
  const at = `${listen.host}:${listen.port}`;
  const takeover = `\`ferry router takeover --env ${config.name}\``;
  if (config.router.runtimeDefaulted && runtime === 'container') {
    // a file written before the container router was the default: never a second router fighting for the port
    return new ConfigError(
      `router/runtime is not set in ${config.file}, so it is container (the default), but this environment is served by the host nginx router on ${at}; nothing was changed. ` +
        `Keep the host router: add \`runtime: host\` under router: in ${config.file}. Or move it to the router container once: ${takeover} ` +
        `(about 1 s of refused connections while router/listen changes hands; see environments/README.md), then deploy again`,
    );
  }
  return new ConfigError(
    `router/runtime: ${runtime}, but this environment's router still runs as ${otherTitle} (${at}); ${runtime === 'container' ? `move it with ${takeover}, or ` : ''}run \`ferry remove --env ${config.name} --yes\` first (its service stops until the next deploy), or set router/runtime back to ${runtime === 'container' ? 'host' : 'container'}`,
  );
}
