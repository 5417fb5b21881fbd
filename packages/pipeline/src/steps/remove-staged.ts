import { candidateOf } from '../planning/promote-plan.js';
import { drainSeconds } from '../ports/router/nginx-config.js';
import type { FlowTask } from '../flows/context.js';
import { colourContainers, replicaIds } from '../state/colour-containers.js';
import { targetSlot } from '../planning/deploy-plan.js';
import { restartReplicas, stoppedReplicas } from './restart-replicas.js';

/** ferry abort: stop the staged container gracefully (what the preview sent it finishes within the drain time), then remove it; traffic is not touched. */
export function removeStagedStep(): FlowTask {
  return {
    title: 'Remove the staged release',
    task: async (ctx, task) => {
      const plan = ctx.inProgress;
      if (!plan || plan.kind === 'nothing') return;
      const staged = candidateOf(plan);
      const started = Date.now();
      let restarted = 0;
      if (plan.kind === 'canary') {
        // a rolling update's killed deploy stopped some stable replicas: they serve again before stable serves alone
        const stopped = stoppedReplicas(await colourContainers(ctx.ports.docker, ctx.config, plan.active.colour), plan.active);
        await restartReplicas(ctx, task, targetSlot(ctx.config, plan.active.colour, plan.active.version), stopped);
        restarted = stopped.length;
        // a canary left by a killed deploy still gets its share: weight 0 first, confirmed, and its requests drained
        await ctx.ports.router.setSplit({ ...plan.split, canaryPercent: 0 }, { signal: ctx.signal });
        await ctx.ports.router.waitForDrain({ timeoutMs: ctx.config.router.drainMs, signal: ctx.signal });
      }
      // every replica of the colour, stopped at once: each finishes what it was sent within the drain time
      const ids = await replicaIds(ctx.ports.docker, ctx.config, staged);
      await Promise.all(ids.map((id) => ctx.ports.docker.stop(id, drainSeconds(ctx.config.router.drainMs))));
      for (const id of ids) await ctx.ports.docker.remove(id);
      task.title = `Remove the ${plan.kind === 'canary' ? 'canary' : 'staged release'}: ${staged.version} on ${staged.colour} stopped and removed in ${Date.now() - started} ms; ${plan.kind === 'canary' ? `weight 0 confirmed first${restarted > 0 ? ` (after ${restarted} stopped replica(s) of ${plan.active.colour} started again and passed the gate)` : ''}, ${plan.active.colour} serves alone` : 'traffic untouched'}`;
    },
  };
}
