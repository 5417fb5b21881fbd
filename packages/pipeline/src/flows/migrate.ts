import { backupDatabaseStep } from '../steps/backup-database.js';
import { buildStep } from '../steps/build.js';
import { checkDatabaseStep } from '../steps/check-database.js';
import { lockStep } from '../steps/lock.js';
import { migrateStep } from '../steps/migrate.js';
import { planMigrationStep } from '../steps/plan-migration.js';
import { pullStep } from '../steps/pull.js';
import { pushStep } from '../steps/push.js';
import { resolveImageStep } from '../steps/resolve-image.js';
import { verifyDatabaseStep } from '../steps/verify-database.js';
import { deliversThroughRegistry } from '../planning/image-delivery.js';
import type { FlowTask } from './context.js';
import type { FlowSpec } from './run-flow.js';

// A migration runs in a one-off container on the environment's engine: another engine gets the image as a deploy does.
const anotherEngineOnly = (step: FlowTask): FlowTask => ({ ...step, enabled: (ctx) => deliversThroughRegistry(ctx.config) });

/** `ferry migrate`: lock → image → check db → approval → build → [push → pull: another engine] → backup → migrate → verify; traffic untouched. */
export const migrateFlow: FlowSpec = {
  prepare: [lockStep(), resolveImageStep(), checkDatabaseStep(), planMigrationStep()],
  planLines: () => [],
  noopReason: () => null,
  approvalWhat: (ctx) => `Migrate the database with ${ctx.tag}`,
  execute: [buildStep(), anotherEngineOnly(pushStep()), anotherEngineOnly(pullStep()), backupDatabaseStep(), migrateStep(), verifyDatabaseStep()],
  successMessage: (ctx) => `database migrated with ${ctx.tag}; backup ${ctx.database?.backup?.id ?? '?'} holds the state before; traffic was not touched`,
};
