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
      // the first undo registered, so the last run: a failed promote leaves the release staged, and says so
      if (command === 'promote') ctx.undo.push({ title: `Keep ${plan.staged.version} staged on ${plan.staged.colour}`, run: async (c) => void c.recoveryNotes.push(stillStaged(c.config.name, plan.staged.version, plan.staged.colour)) });
      task.output = describeInProgress(plan, command).join('\n');
      task.title = `Plan: ${command} ${plan.staged.version} staged on ${plan.staged.colour}`;
    },
  };
}

const stillStaged = (env: string, version: string, colour: string) =>
  `${version} stays staged on ${colour}: \`ferry promote --env ${env}\` tries again, \`ferry abort --env ${env}\` removes it.`;
