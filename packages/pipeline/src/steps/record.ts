import { appendLedger, type LedgerEntry, type ReleaseOutcome } from '../state/ledger.js';
import { statePaths } from '../state/paths.js';
import type { FlowContext } from '../flows/context.js';

/** Append the command's outcome to the environment's history (fsynced). */
export async function recordOutcome(ctx: FlowContext, outcome: ReleaseOutcome, reason: string | null): Promise<LedgerEntry> {
  const entry: LedgerEntry = {
    id: ctx.releaseId,
    env: ctx.config.name,
    action: ctx.action,
    tag: ctx.tag,
    imageId: ctx.imageId,
    fromColour: ctx.active?.colour ?? null,
    toColour: ctx.target?.colour ?? null,
    previousTag: ctx.active?.version ?? null,
    startedAt: ctx.startedAt,
    endedAt: new Date().toISOString(),
    outcome,
    reason,
    ...(ctx.stands?.failures.length && { warnings: [...ctx.stands.failures] }),
    ...(ctx.database && { backupId: ctx.database.backup?.id ?? null, migrated: ctx.database.migrated, restored: ctx.database.restored !== undefined }),
  };
  const masked = ctx.redactor.redactDeep(entry); // a failure reason may quote command output
  await appendLedger(statePaths(ctx.config.stateDir).ledger, masked);
  return masked;
}
