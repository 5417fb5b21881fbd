import { ConfigError } from '../errors.js';
import { describeDeployPlan, planDeploy } from '../planning/deploy-plan.js';
import { assertDeliverable } from '../planning/image-delivery.js';
import { imageRef } from '../planning/names.js';
import { gatherReleaseTruth } from '../state/gather-truth.js';
import type { FlowTask } from '../flows/context.js';

/** Read the truth and decide where the new tag goes; checks that need no change come here. */
export function planStep(): FlowTask {
  return {
    title: 'Plan',
    task: async (ctx, task) => {
      assertDeliverable(ctx.config);
      // deploy's first engine call: the plan pings (check router, after it, does not)
      const truth = await gatherReleaseTruth(ctx, { ping: true });
      const plan = planDeploy(ctx.config, truth, ctx.tag, ctx.options.force);
      ctx.deployPlan = plan;
      ctx.active = plan.active;
      if (plan.kind === 'deploy') {
        ctx.target = plan.target;
        // Pinned from here on: scan, push, pull, migration and start all use this ID, even if the tag moves.
        if (!ctx.config.image.build) ctx.imageId = await requireLocalImage(ctx.ports.builder, imageRef(ctx.config, ctx.tag), ctx.config.file);
      }
      task.output = describeDeployPlan(plan).join('\n');
      task.title = plan.kind === 'noop' ? 'Plan: nothing to do' : `Plan: ${ctx.tag} → ${plan.target.colour}`;
    },
  };
}

/** The image ID the tag names now; a missing image is bad input. */
export async function requireLocalImage(docker: { imageId(ref: string): Promise<string | null> }, ref: string, file: string): Promise<string> {
  const id = await docker.imageId(ref);
  if (id) return id;
  throw new ConfigError(`image ${ref} does not exist locally and ${file} has no image/build section. Build or load the image first, or add image/build.`);
}
