import { describeInProgress, requireInProgress } from '../planning/promote-plan.js';
import { gatherReleaseTruth } from '../state/gather-truth.js';
import type { FlowTask } from '../flows/context.js';

/** ferry promote / abort: read the truth and find the staged release (exit 2 when there is none); it becomes the flow's target. */
export function planInProgressStep(command: 'promote' | 'abort'): FlowTask {
  return {
    title: 'Plan',
    task: async (ctx, task) => {
      const truth = await gatherReleaseTruth(ctx, { ping: false });
      const plan = requireInProgress(ctx.config, truth, ctx.ledger, command);
      ctx.inProgress = plan;
      ctx.active = plan.active;
      ctx.target = plan.target;
      ctx.tag = plan.staged.version;
      ctx.imageId = plan.staged.imageId;
      task.output = describeInProgress(plan, command).join('\n');
      task.title = `Plan: ${command} ${plan.staged.version} staged on ${plan.staged.colour}`;
    },
  };
}
