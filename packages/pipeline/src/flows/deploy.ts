import { describeDeployPlan } from '../planning/deploy-plan.js';
import { buildStep } from '../steps/build.js';
import { cleanupStep } from '../steps/cleanup.js';
import { healthStep } from '../steps/health.js';
import { lockStep } from '../steps/lock.js';
import { monitorStep } from '../steps/monitor.js';
import { planStep } from '../steps/plan.js';
import { pushStep } from '../steps/push.js';
import { snapshotStep } from '../steps/snapshot.js';
import { startStep } from '../steps/start.js';
import { switchStep } from '../steps/switch.js';
import type { FlowSpec } from './run-flow.js';

/** lock → plan → approval → build → push → backup → start → health → switch → monitor → cleanup → record. */
export const deployFlow: FlowSpec = {
  prepare: [lockStep(), planStep()],
  planLines: (ctx) => (ctx.deployPlan ? describeDeployPlan(ctx.deployPlan) : []),
  noopReason: (ctx) => (ctx.deployPlan?.kind === 'noop' ? ctx.deployPlan.reason : null),
  approvalWhat: (ctx) => `Deploy ${ctx.tag}`,
  execute: [buildStep(), pushStep(), snapshotStep(), startStep(), healthStep(), switchStep(), monitorStep(), cleanupStep()],
};
