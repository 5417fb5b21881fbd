import { LABEL, type ContainerSpec } from '../ports/docker/types.js';
import { SET_ASIDE } from '../planning/names.js';
export { SET_ASIDE }; // cleanup removes such containers once the release stands
import type { FlowContext, FlowTask } from '../flows/context.js';
import { colourNetwork } from '../flows/ports.js';
import { colourReachedThroughRouter, ensureRouterOnce } from './router-ready.js';
import type { TargetSlot } from '../planning/deploy-plan.js';

/** The container a release runs in: plain env, secrets, and what the app needs to know about itself. */
export function releaseContainerSpec(ctx: Pick<FlowContext, 'config' | 'secrets' | 'imageId'>, target: TargetSlot, network?: string): ContainerSpec {
  const { config } = ctx;
  const bridge = config.container.network === 'bridge';
  return {
    name: target.containerName,
    image: target.image,
    imageId: ctx.imageId,
    env: {
      ...config.container.env,
      ...ctx.secrets,
      FERRY_VERSION: target.version,
      FERRY_COLOUR: target.colour,
      FERRY_ENV: config.name,
      PORT: String(bridge ? config.container.port : target.port),
    },
    labels: { [LABEL.app]: config.app, [LABEL.env]: config.name, [LABEL.colour]: target.colour, [LABEL.version]: target.version },
    network: config.container.network,
    containerPort: config.container.port,
    hostPort: target.port,
    ...(network && { attachTo: network }),
  };
}

/** Start the release in the idle colour; its undo drains the router and removes it. */
export function startStep(): FlowTask {
  return {
    title: 'Start idle colour',
    task: async (ctx, task) => {
      const target = ctx.target!;
      task.title = `Start ${target.version} on ${target.colour} (${target.address})`;
      await setAsideReplaced(ctx);
      ctx.undo.push({
        title: `Remove ${target.containerName}`,
        run: async (c) => {
          // Requests already on the new colour finish before it stops.
          if (c.switched) await c.ports.router.waitForDrain({ timeoutMs: c.config.router.drainMs });
          await c.ports.docker.remove(target.containerName);
        },
      });
      const network = colourNetwork(ctx);
      // the router container owns the network the colour joins, and the health gate goes through it
      if (colourReachedThroughRouter(ctx)) await ensureRouterOnce(ctx);
      ctx.started = await ctx.ports.docker.start(releaseContainerSpec(ctx, target, network));
      ctx.imageId = ctx.started.imageId;
    },
  };
}

/** Stop the idle colour's old container and keep it under another name, so a failed deploy can bring it back. */
async function setAsideReplaced(ctx: FlowContext): Promise<void> {
  const replaced = ctx.deployPlan?.kind === 'deploy' ? ctx.deployPlan.replaces : null;
  if (!replaced || replaced.name.includes(SET_ASIDE)) return;
  const docker = ctx.ports.docker;
  await docker.stop(replaced.id);
  await docker.rename(replaced.id, `${ctx.target!.containerName}${SET_ASIDE}${ctx.releaseId.toLowerCase()}`);
  ctx.undo.push({
    title: `Bring back ${replaced.colour} (${replaced.version})`,
    run: async (c) => {
      await docker.rename(replaced.id, c.target!.containerName);
      if (replaced.state === 'running') await docker.startExisting(replaced.id);
    },
  });
}
