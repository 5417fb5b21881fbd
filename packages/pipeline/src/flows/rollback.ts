import { describeRollbackPlan } from '../planning/rollback-plan.js';
import { checkRouterStep } from '../steps/check-router.js';
import { cleanupStep } from '../steps/cleanup.js';
import { healthStep } from '../steps/health.js';
import { lockStep } from '../steps/lock.js';
import { planRollbackStep } from '../steps/plan-rollback.js';
import { pullStep } from '../steps/pull.js';
import { snapshotStep } from '../steps/snapshot.js';
import { startStep } from '../steps/start.js';
import { switchStep } from '../steps/switch.js';
import { verifyRollbackStep } from '../steps/verify-rollback.js';
import { writeMarkerStep } from '../steps/write-marker.js';
import type { FlowTask } from './context.js';
import type { FlowSpec } from './run-flow.js';

// Cold rollbacks start the kept image first; warm ones switch straight back to the running container.
const coldOnly = (step: FlowTask): FlowTask => ({ ...step, enabled: (ctx) => ctx.rollbackPlan?.kind === 'cold' });

/** lock → check router (a plan read from the wrong router would be wrong; the plan's reads go meanwhile) → plan → approval → backup → marker → [pull] → [start] → health → switch → verify integrity → point of no return → cleanup → record. */
export const rollbackFlow: FlowSpec = {
  prepare: [lockStep(), checkRouterStep({ ping: true, readAhead: true }), planRollbackStep()],
  planLines: (ctx) => (ctx.rollbackPlan ? describeRollbackPlan(ctx.rollbackPlan) : []),
  noopReason: (ctx) => (ctx.rollbackPlan?.kind === 'noop' ? ctx.rollbackPlan.reason : null),
  approvalWhat: (ctx) => `Roll back to ${ctx.tag}`,
  execute: [snapshotStep(), writeMarkerStep(), coldOnly(pullStep()), coldOnly(startStep()), healthStep(), switchStep(), verifyRollbackStep()],
  afterStanding: [cleanupStep()],
};
