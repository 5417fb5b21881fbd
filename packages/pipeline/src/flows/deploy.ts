import { describeDeployPlan } from '../planning/deploy-plan.js';
import { colourAddress } from '../planning/names.js';
import { backupDatabaseStep } from '../steps/backup-database.js';
import { buildStep } from '../steps/build.js';
import { canaryStep } from '../steps/canary.js';
import { rollingStep } from '../steps/rolling.js';
import { checkDatabaseStep } from '../steps/check-database.js';
import { checkRouterStep } from '../steps/check-router.js';
import { checkToolsStep } from '../steps/check-tools.js';
import { cleanupStep } from '../steps/cleanup.js';
import { healthStep } from '../steps/health.js';
import { loadtestStep } from '../steps/loadtest.js';
import { lockStep } from '../steps/lock.js';
import { migrateStep } from '../steps/migrate.js';
import { monitorStep } from '../steps/monitor.js';
import { planMigrationStep } from '../steps/plan-migration.js';
import { planStep } from '../steps/plan.js';
import { probeStep } from '../steps/probe.js';
import { pullStep } from '../steps/pull.js';
import { pushStep } from '../steps/push.js';
import { repairRouterStep } from '../steps/repair-router.js';
import { scanStep } from '../steps/scan.js';
import { snapshotStep } from '../steps/snapshot.js';
import { startStep } from '../steps/start.js';
import { switchStep } from '../steps/switch.js';
import { verifyDatabaseStep } from '../steps/verify-database.js';
import { verifyLiveStep } from '../steps/verify-live.js';
import { previewWays } from '../planning/preview.js';
import type { FlowSpec } from './run-flow.js';

// up to and including the health gate of the new colour: all a staged deploy does
const upToTheGate = () => [
  buildStep(),
  scanStep(),
  pushStep(),
  pullStep(),
  snapshotStep(),
  backupDatabaseStep(),
  migrateStep(),
  verifyDatabaseStep(),
  repairRouterStep(),
  probeStep(),
  startStep(),
  healthStep(),
];

/** From the switch on: what a deploy does after the gate, and all a promote does after its own gate. */
export const fromTheSwitch = () => [switchStep(), canaryStep(), rollingStep(), verifyLiveStep(), monitorStep(), loadtestStep()];

/** lock → plan → checks → approval → build → scan → push → pull (another engine) → backup (release state, database) → migrate → verify → [repair router, when forced past drift] → probe → start → health → switch (or canary: weights step by step, then the switch) → verify → monitor → load test → point of no return → cleanup → record. */
export const deployFlow: FlowSpec = {
  prepare: [lockStep(), planStep(), checkToolsStep(), checkRouterStep({ ping: false }), checkDatabaseStep(), planMigrationStep()],
  planLines: (ctx) => (ctx.deployPlan ? describeDeployPlan(ctx.deployPlan) : []),
  noopReason: (ctx) => (ctx.deployPlan?.kind === 'noop' ? ctx.deployPlan.reason : null),
  approvalWhat: (ctx) => `Deploy ${ctx.tag}`,
  execute: [...upToTheGate(), ...fromTheSwitch()],
  afterStanding: [cleanupStep()],
};

/** deploy --no-switch (strategy/auto_promote: false): the deploy up to its health gate; the new colour stays staged, traffic untouched. */
export const stagedDeployFlow: FlowSpec = {
  ...deployFlow,
  planLines: (ctx) => (ctx.deployPlan ? describeDeployPlan(ctx.deployPlan, true) : []),
  approvalWhat: (ctx) => `Stage ${ctx.tag}`,
  execute: upToTheGate(),
  afterStanding: [cleanupStep({ staged: true })],
  standingOutcome: 'staged',
  successMessage: (ctx) => {
    const { version, colour } = ctx.target!;
    const serving = ctx.active ? `${ctx.active.version} on ${ctx.active.colour} still serves all traffic` : 'nothing serves yet';
    const env = ctx.config.name;
    return [
      `${version} is staged on ${colour} (${colourAddress(ctx.config, colour)}), healthy and not live; ${serving}`,
      `preview: ${previewWays(ctx.config, colour)}`,
      `promote: ferry promote --env ${env}   abort: ferry abort --env ${env}`,
    ].join('\n');
  },
};
