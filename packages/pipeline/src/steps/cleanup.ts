import { SET_ASIDE } from './start.js';
import { replicaIds } from '../state/colour-containers.js';
import { describePruning, planRetention, type TagHold } from '../planning/retention.js';
import { gatherImageHolds } from '../state/image-holds.js';
import { releasedTags } from '../state/ledger.js';
import type { FlowContext, FlowTask } from '../flows/context.js';
import type { ImageTag } from '../ports/docker/types.js';

/** The release stands: drain and stop the old colour (unless kept warm), prune old images past `retain`. `staged`: only what the deploy set aside goes (the old colour serves). */
export function cleanupStep(opts: { staged?: boolean } = {}): FlowTask {
  return {
    title: 'Clean up',
    task: async (ctx, task) => {
      if (opts.staged) {
        await removeSetAside(ctx);
        task.title = 'Clean up: the idle colour\'s old container, set aside by the start, removed';
        return;
      }
      // independent round trips at once; the holds are read after the containers that held a tag are gone
      const [stopped, , local] = await Promise.all([stopPrevious(ctx), removeSetAside(ctx), ctx.ports.docker.listImageTags(ctx.config.image.name)]);
      const notes = [...stopped, ...(await pruneImages(ctx, local))];
      task.title = `Clean up: ${notes.join('; ') || 'nothing to do'}`;
    },
  };
}

/** Drain and stop the colour that served before, unless strategy/keep_previous keeps it warm. */
async function stopPrevious(ctx: FlowContext): Promise<string[]> {
  const previous = ctx.active;
  if (!previous) return [];
  if (ctx.config.strategy.keepPrevious && !ctx.rolled) return [await keptWarm(ctx, previous)];
  const drain = await ctx.ports.router.waitForDrain({ timeoutMs: ctx.config.router.drainMs, signal: ctx.signal });
  for (const id of await replicaIds(ctx.ports.docker, ctx.config, { id: previous.containerId, colour: previous.colour })) await ctx.ports.docker.remove(id);
  return [`stopped ${previous.colour} (${previous.version}) after ${drain.drained ? 'draining' : 'the drain cap'} (${drain.waitedMs} ms)`];
}

/** Checked before it is claimed: a standby that died since the plan leaves only a cold rollback, and the user is told. */
async function keptWarm(ctx: FlowContext, previous: NonNullable<FlowContext['active']>): Promise<string> {
  const now = await ctx.ports.docker.inspect(previous.containerId);
  if (now?.state === 'running') return `kept ${previous.colour} (${previous.version}) running idle for a warm rollback`;
  const warning = `${previous.colour} (${previous.version}) is not running (${now ? now.state : 'gone'}): a rollback to it starts it again from its image (cold)`;
  ctx.warnings.push(warning);
  return warning;
}

/** Remove the tags past `retain` that nothing holds; the notes name only what the engine really removed, and why the rest stayed. */
async function pruneImages(ctx: FlowContext, local: ImageTag[]): Promise<string[]> {
  const { docker } = ctx.ports;
  const name = ctx.config.image.name;
  const holds = await gatherImageHolds(ctx.config, docker);
  const plan = planRetention({
    localTags: local.map((i) => i.tag),
    releasedNewestFirst: [ctx.tag, ...releasedTags(ctx.ledger)],
    retain: ctx.config.strategy.retain,
    holds,
  });
  const removed: string[] = [];
  const kept: TagHold[] = [...plan.kept];
  for (const tag of plan.prune) {
    const outcome = await docker.removeImage(`${name}:${tag}`);
    if (outcome === 'removed') removed.push(tag);
    // An absent tag was neither removed nor kept: it is not mentioned.
    else if (outcome !== 'absent') kept.push({ tag, reason: `the engine refused to remove it: ${outcome.refused}` });
  }
  return describePruning(removed, kept);
}

async function removeSetAside(ctx: FlowContext): Promise<void> {
  const containers = await ctx.ports.docker.list({ app: ctx.config.app, env: ctx.config.name });
  for (const c of containers.filter((c) => c.name.includes(SET_ASIDE))) await ctx.ports.docker.remove(c.id);
}
