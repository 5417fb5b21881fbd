import path from 'node:path';
import { writeFileAtomic } from '@ferry/shared';
import { statePaths } from '../state/paths.js';
import type { FlowTask } from '../flows/context.js';

/** Save what is live before anything changes: router config, tag, colour and plain env. Never secret values. */
export function snapshotStep(): FlowTask {
  return {
    title: 'Back up release state',
    task: async (ctx, task) => {
      // read by the plan, under the lock this command holds: nothing has changed it since
      const upstream = ctx.routerUpstream !== undefined ? ctx.routerUpstream : await ctx.ports.router.readUpstreamText();
      const file = path.join(statePaths(ctx.config.stateDir).releasesDir, `${ctx.releaseId}.json`);
      const snapshot = {
        id: ctx.releaseId,
        env: ctx.config.name,
        action: ctx.action,
        tag: ctx.tag,
        createdAt: new Date().toISOString(),
        previous: ctx.active,
        routerUpstream: upstream,
        plainEnv: ctx.config.container.env,
        secretNames: ctx.config.container.secrets,
      };
      await writeFileAtomic(file, JSON.stringify(ctx.redactor.redactDeep(snapshot), null, 2) + '\n');
      task.title = `Back up release state (${path.relative(ctx.config.stateDir, file)})`;
    },
  };
}
