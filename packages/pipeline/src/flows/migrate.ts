import { backupDatabaseStep } from '../steps/backup-database.js';
import { buildStep } from '../steps/build.js';
import { checkDatabaseStep } from '../steps/check-database.js';
import { lockStep } from '../steps/lock.js';
import { migrateStep } from '../steps/migrate.js';
import { planMigrationStep } from '../steps/plan-migration.js';
import { resolveImageStep } from '../steps/resolve-image.js';
import { verifyDatabaseStep } from '../steps/verify-database.js';
import type { FlowSpec } from './run-flow.js';

/** `ferry migrate`: lock → image → check db → approval → build → backup → migrate → verify; traffic untouched. */
export const migrateFlow: FlowSpec = {
  prepare: [lockStep(), resolveImageStep(), checkDatabaseStep(), planMigrationStep()],
  planLines: () => [],
  noopReason: () => null,
  approvalWhat: (ctx) => `Migrate the database with ${ctx.tag}`,
  execute: [buildStep(), backupDatabaseStep(), migrateStep(), verifyDatabaseStep()],
  successMessage: (ctx) => `database migrated with ${ctx.tag}; backup ${ctx.database?.backup?.id ?? '?'} holds the state before; traffic was not touched`,
};
