import { backupDatabaseStep } from '../steps/backup-database.js';
import { checkDatabaseStep } from '../steps/check-database.js';
import { findBackupStep } from '../steps/find-backup.js';
import { lockStep } from '../steps/lock.js';
import { restoreDatabaseStep } from '../steps/restore-database.js';
import type { FlowSpec } from './run-flow.js';

/** `ferry restore`: lock → find backup → check db → approval → safety backup of the current state → restore → prove. */
export function restoreFlow(backupId: string): FlowSpec {
  return {
    prepare: [lockStep(), findBackupStep(backupId), checkDatabaseStep()],
    planLines: () => [],
    noopReason: () => null,
    approvalWhat: (ctx) => `Replace the database with backup ${backupId} (taken ${ctx.restoreFrom?.metadata.createdAt})`,
    alwaysApprove: true,
    // The current state is backed up first, so a mistaken restore can itself be undone.
    execute: [backupDatabaseStep(), restoreDatabaseStep()],
    successMessage: (ctx) =>
      `restored, ${ctx.database?.restoredFrom?.tables ?? 0} tables identical to backup ${backupId}; the state before is in backup ${ctx.database?.backup?.id ?? '?'}`,
  };
}
