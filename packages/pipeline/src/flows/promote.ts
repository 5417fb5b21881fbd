import { describeInProgress } from '../planning/promote-plan.js';
import { checkRouterStep } from '../steps/check-router.js';
import { cleanupStep } from '../steps/cleanup.js';
import { healthStep } from '../steps/health.js';
import { lockStep } from '../steps/lock.js';
import { planInProgressStep } from '../steps/plan-in-progress.js';
import { probeStep } from '../steps/probe.js';
import { removeStagedStep } from '../steps/remove-staged.js';
import type { FlowContext } from './context.js';
import { fromTheSwitch } from './deploy.js';
import type { FlowSpec } from './run-flow.js';

const planLines = (command: 'promote' | 'abort') => (ctx: FlowContext) => (ctx.inProgress ? describeInProgress(ctx.inProgress, command) : []);

/** lock → check router → plan (the staged release, exit 2 without one) → approval → probe → health gate again → switch → verify → monitor → load test → point of no return → cleanup → record. */
export const promoteFlow: FlowSpec = {
  prepare: [lockStep(), checkRouterStep({ ping: true, readAhead: true }), planInProgressStep('promote')],
  planLines: planLines('promote'),
  noopReason: () => null,
  approvalWhat: (ctx) => `Promote ${ctx.tag}`,
  execute: [probeStep(), healthStep(), ...fromTheSwitch()],
  afterStanding: [cleanupStep()],
};

/** lock → check router → plan (exit 2 with nothing staged) → approval → probe → [a killed deploy's canary: weight 0, confirmed] → drain and remove the staged (or canary) container → point of no return → record. */
export const abortFlow: FlowSpec = {
  prepare: [lockStep(), checkRouterStep({ ping: true, readAhead: true }), planInProgressStep('abort')],
  planLines: planLines('abort'),
  noopReason: () => null,
  approvalWhat: (ctx) => `Remove the ${ctx.inProgress?.kind === 'canary' ? 'canary' : 'staged'} ${ctx.tag}`,
  execute: [probeStep(), removeStagedStep()],
  standingOutcome: 'aborted',
  successMessage: (ctx) =>
    ctx.inProgress?.kind === 'canary'
      ? `the canary ${ctx.tag} on ${ctx.target!.colour} got weight 0 (confirmed) and was removed; ${ctx.active!.version} on ${ctx.active!.colour} serves alone`
      : `the staged ${ctx.tag} on ${ctx.target!.colour} was removed; ${ctx.active ? `${ctx.active.version} on ${ctx.active.colour} serves, untouched` : 'nothing serves'}`,
};
