import { candidateOf, describeInProgress, requireInProgress } from '../planning/promote-plan.js';
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
      const candidate = candidateOf(plan);
      ctx.tag = candidate.version;
      ctx.imageId = candidate.imageId;
      // the first undo registered, so the last run: a failed promote leaves the release staged (or the canary split), and says so
      if (command === 'promote') ctx.undo.push({ title: `Keep ${candidate.version} ${plan.kind} on ${candidate.colour}`, run: async (c) => void c.recoveryNotes.push(stillThere(c.config.name, candidate.version, candidate.colour, plan.kind)) });
      task.output = describeInProgress(plan, command).join('\n');
      task.title = `Plan: ${command} ${candidate.version} ${plan.kind === 'canary' ? 'canary' : 'staged'} on ${candidate.colour}`;
    },
  };
}

const stillThere = (env: string, version: string, colour: string, kind: 'staged' | 'canary') =>
  `${version} stays ${kind === 'canary' ? 'the canary' : 'staged'} on ${colour}: \`ferry promote --env ${env}\` tries again, \`ferry abort --env ${env}\` removes it.`;
