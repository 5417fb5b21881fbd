import { SET_ASIDE } from './start.js';
import { tagsToPrune } from '../planning/retention.js';
import { releasedTags } from '../state/ledger.js';
import type { FlowContext, FlowTask } from '../flows/context.js';

/** The release is kept: drain and stop the old colour (unless kept warm), prune old images past `retain`. */
export function cleanupStep(): FlowTask {
  return {
    title: 'Clean up',
    task: async (ctx, task) => {
      ctx.undo = []; // past the monitor window the release stands: nothing is undone after this point
      const notes: string[] = [];
      const previous = ctx.active;
      if (previous && !ctx.config.strategy.keepPrevious) {
        const drain = await ctx.ports.router.waitForDrain({ timeoutMs: ctx.config.router.drainMs, signal: ctx.signal });
        await ctx.ports.docker.remove(previous.containerId);
        notes.push(`stopped ${previous.colour} (${previous.version}) after ${drain.drained ? 'draining' : 'the drain cap'} (${drain.waitedMs} ms)`);
      } else if (previous) {
        notes.push(`kept ${previous.colour} (${previous.version}) running idle for a warm rollback`);
      }
      await removeSetAside(ctx);
      const pruned = await pruneImages(ctx);
      if (pruned.length) notes.push(`removed old images: ${pruned.join(', ')}`);
      task.title = `Clean up: ${notes.join('; ') || 'nothing to do'}`;
    },
  };
}

async function pruneImages(ctx: FlowContext): Promise<string[]> {
  const local = await ctx.ports.docker.listImageTags(ctx.config.image.name);
  const containers = await ctx.ports.docker.list({ app: ctx.config.app, env: ctx.config.name });
  const prune = tagsToPrune({
    localTags: local.map((i) => i.tag),
    releasedNewestFirst: [ctx.tag, ...releasedTags(ctx.ledger)],
    inUse: containers.map((c) => c.version),
    retain: ctx.config.strategy.retain,
  });
  for (const tag of prune) await ctx.ports.docker.removeImage(`${ctx.config.image.name}:${tag}`);
  return prune;
}

async function removeSetAside(ctx: FlowContext): Promise<void> {
  const containers = await ctx.ports.docker.list({ app: ctx.config.app, env: ctx.config.name });
  for (const c of containers.filter((c) => c.name.includes(SET_ASIDE))) await ctx.ports.docker.remove(c.id);
}
