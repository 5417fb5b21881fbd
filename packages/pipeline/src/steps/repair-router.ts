import { rewriteForServing } from '../api/repair.js';
import type { FlowTask } from '../flows/context.js';
import { lastReleasedOf } from '../planning/repair-plan.js';

/**
 * A deploy forced past router drift: the router's config is rewritten for what serves first, so the probe's and the
 * health gate's answers (labels, previews) mean what they say before anything starts. It keeps what serves: no undo.
 */
export function repairRouterStep(): FlowTask {
  return {
    title: 'Repair router config',
    enabled: (ctx) => ctx.deployPlan?.kind === 'deploy' && ctx.deployPlan.drift.length > 0,
    task: async (ctx, task) => {
      const { why } = await rewriteForServing(ctx.config, ctx.ports, ctx.truth!, lastReleasedOf(ctx.ledger), ctx.signal);
      ctx.routerEnsured = true; // rewriteForServing ran ensureRunning
      ctx.warnings.push(`--force: the router did not route the way Ferry wrote it; its config was rewritten for ${why}, confirmed by probe, before the deploy changed anything else`);
      task.title = `Repair router config: rewritten for ${why}`;
    },
  };
}
