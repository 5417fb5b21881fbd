import { LABEL, type ContainerSpec } from '../ports/docker/types.js';
import { replicaAliases, SET_ASIDE } from '../planning/names.js';
export { SET_ASIDE }; // cleanup removes such containers once the release stands
import type { FlowContext, FlowTask } from '../flows/context.js';
import { colourNetwork } from '../flows/ports.js';
import { colourReachedThroughRouter, ensureRouterOnce } from './router-ready.js';
import { runsRolling } from './canary-run.js';
import { colourContainers } from '../state/colour-containers.js';
import type { TargetSlot } from '../planning/deploy-plan.js';

/** The container a release runs in: plain env, secrets, and what the app needs to know about itself. */
export function releaseContainerSpec(ctx: Pick<FlowContext, 'config' | 'secrets' | 'imageId'>, target: TargetSlot, network?: string, replica = 1): ContainerSpec {
  const { config } = ctx;
  const bridge = config.container.network === 'bridge';
  // one replica keeps the shape it always had; several share the colour's name on the network
  const aliases = network && target.replicas.length > 1 ? { aliases: replicaAliases(target.containerName, replica) } : {};
  return {
    name: target.replicas[replica - 1] ?? target.containerName,
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
    ...aliases,
  };
}

/** Start the release in the idle colour; its undo drains the router and removes it. */
export function startStep(): FlowTask {
  return {
    title: 'Start idle colour',
    enabled: (ctx) => !runsRolling(ctx), // a rolling update starts the replicas batch by batch
    task: async (ctx, task) => {
      const target = ctx.target!;
      task.title = `Start ${target.version} on ${target.colour} (${target.address})`;
      await setAsideReplaced(ctx);
      ctx.undo.push({
        title: `Remove ${target.replicas.join(', ')}`,
        run: async (c) => {
          // Requests already on the new colour finish before it stops.
          if (c.switched) await c.ports.router.waitForDrain({ timeoutMs: c.config.router.drainMs });
          for (const name of target.replicas) await c.ports.docker.remove(name);
        },
      });
      const network = colourNetwork(ctx);
      // the router container owns the network the colour joins, and the health gate goes through it
      if (colourReachedThroughRouter(ctx)) await ensureRouterOnce(ctx);
      // the first pins the image by ID; the others run that very image
      ctx.started = await ctx.ports.docker.start(releaseContainerSpec(ctx, target, network));
      ctx.imageId = ctx.started.imageId;
      await Promise.all(target.replicas.slice(1).map((_, i) => ctx.ports.docker.start(releaseContainerSpec(ctx, target, network, i + 2))));
      if (target.replicas.length > 1) task.title += `: ${target.replicas.length} replicas`;
    },
  };
}

/** Stop the idle colour's old containers (every replica) and keep them under other names, so a failed deploy can bring them back. */
export async function setAsideReplaced(ctx: FlowContext): Promise<void> {
  const replaced = ctx.deployPlan?.kind === 'deploy' ? ctx.deployPlan.replaces : null;
  if (!replaced || replaced.name.includes(SET_ASIDE)) return;
  const docker = ctx.ports.docker;
  const ofColour = await colourContainers(docker, ctx.config, replaced.colour);
  for (const old of ofColour) {
    await docker.stop(old.id);
    await docker.rename(old.id, `${old.name}${SET_ASIDE}${ctx.releaseId.toLowerCase()}`);
    ctx.undo.push({
      // the colour names it, as it always did; a replica beyond the first adds its name
      title: `Bring back ${old.colour}${ofColour.length > 1 ? ` replica ${old.name}` : ''} (${old.version})`,
      run: async () => {
        await docker.rename(old.id, old.name);
        if (old.state === 'running') await docker.startExisting(old.id);
      },
    });
  }
}
