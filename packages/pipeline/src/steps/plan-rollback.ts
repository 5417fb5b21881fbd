import { engineHostText } from '../config/engine-host.js';
import { ConfigError } from '../errors.js';
import { crossingRefusal, describeCrossing, migrationsCrossed } from '../planning/migration-crossing.js';
import { deliversThroughRegistry } from '../planning/image-delivery.js';
import { describeRollbackPlan, planRollback, releasedImageId } from '../planning/rollback-plan.js';
import { gatherReleaseTruth } from '../state/gather-truth.js';
import type { FlowTask } from '../flows/context.js';

/** Find the version to return to and whether it is warm (container running) or cold (image only). */
export function planRollbackStep(): FlowTask {
  return {
    title: 'Plan rollback',
    task: async (ctx, task) => {
      // check router, before this step, pinged the engine and started these reads
      const truth = await gatherReleaseTruth(ctx, { ping: false });
      let plan = planRollback(ctx.config, truth, ctx.ledger, ctx.options.to);
      ctx.active = plan.active;
      ctx.tag = plan.kind === 'noop' ? plan.active.version : plan.target.version;
      if (plan.kind !== 'noop') ctx.target = plan.target;
      if (plan.kind === 'cold' && !(await ctx.ports.docker.imageId(plan.target.image))) {
        // an engine fed through the registry gets it back from there, pinned to the ID the release ran
        if (!deliversThroughRegistry(ctx.config) || !ctx.config.image.registry) {
          throw new ConfigError(`cannot roll back to ${plan.target.version}: image ${plan.target.image} is no longer on the environment's engine (${engineHostText(ctx.config.engine.host)}; strategy/retain keeps the last ${ctx.config.strategy.retain}). Deploy it again with --tag.`);
        }
        plan = { ...plan, pull: true };
        ctx.imageId = releasedImageId(ctx.ledger, plan.target.version);
      }
      ctx.rollbackPlan = plan;
      if (plan.kind !== 'noop' && plan.note) ctx.warnings.push(plan.note);
      if (plan.kind !== 'noop') {
        const crossed = migrationsCrossed(ctx.ledger, plan.target.version);
        if (crossed.length > 0) {
          const warning = describeCrossing(crossed, ctx.config.name, plan.active?.version ?? 'the release routed to', plan.target.version);
          if (!ctx.options.allowSchemaCrossing) throw new ConfigError(crossingRefusal(warning));
          ctx.warnings.push(warning);
        }
      }
      task.output = describeRollbackPlan(plan).join('\n');
      task.title = plan.kind === 'noop' ? 'Plan rollback: nothing to do' : `Plan rollback: ${plan.target.version} (${plan.kind})`;
    },
  };
}
