import { Listr } from 'listr2';
import { ExitCode, FerryError, type ExitCodeValue } from '../errors.js';
import { approve } from '../steps/approval.js';
import { stopProbe } from '../steps/probe.js';
import { recordOutcome } from '../steps/record.js';
import { statePaths } from '../state/paths.js';
import type { FlowContext, FlowTask } from './context.js';
import { listrOptions, type RenderMode } from './listr-options.js';
import { afterStanding, keepEvidence, noteFailure, pointOfNoReturnTask, standingVerdict, type StandingOutcome } from './point-of-no-return.js';
import { publishOutcome } from './publish.js';
import { recordingStep } from './record-steps.js';
import type { RowsReplaced } from '../ports/database/types.js';

export type FlowOutcome = StandingOutcome | 'staged' | 'aborted' | 'noop' | 'dry_run' | 'rejected' | 'rolled_back' | 'failed_unrecovered' | 'abandoned';

export interface FlowResult {
  exitCode: ExitCodeValue;
  outcome: FlowOutcome;
  message: string;
  action: FlowContext['action'];
  env: string;
  tag: string;
  releaseId: string;
  plan: string[];
  from: { colour: string; version: string } | null;
  to: { colour: string; version: string } | null;
  timings: Record<string, number>;
  warnings: string[];
  recoveryErrors: string[];
  database: {
    backupId: string | null;
    backupFile: string | null;
    migrated: boolean;
    restoredTables: number | null;
    discardedRows: RowsReplaced[] | null; // rows written after the backup that a restore discarded, per table; null: none restored or not known
  } | null;
  probe: { requests: number; failures: number; p50: number; p95: number; max: number } | null;
  report: string | null; // path of the report file, when the command changed anything
}

export interface FlowSpec {
  prepare: FlowTask[]; // read-only: lock, plan
  planLines: (ctx: FlowContext) => string[];
  noopReason: (ctx: FlowContext) => string | null;
  approvalWhat: (ctx: FlowContext) => string;
  execute: FlowTask[]; // changes things; a failure runs the undo stack
  afterStanding?: FlowTask[]; // past the point of no return (e.g. cleanup): a failure is a warning, never undone
  successMessage?: (ctx: FlowContext) => string; // default: "<tag> is live on <colour>"; its first line names the point of no return
  standingOutcome?: 'staged' | 'aborted'; // what a command that stands did, when it is no release going live (ledger, report, result)
  alwaysApprove?: boolean; // destructive whatever the environment's approval setting (restore)
}

/** Run prepare → (dry-run | no-op | approval) → execute with compensation; always release the lock. */
export async function runFlow(ctx: FlowContext, spec: FlowSpec, mode: RenderMode): Promise<FlowResult> {
  const started = Date.now();
  const result = (exitCode: ExitCodeValue, outcome: FlowOutcome, message: string): FlowResult => {
    ctx.timings.totalMs = Date.now() - started;
    // The one result every sink reads (--json, the plain summary, the TUI's end screen, reports): masked whole.
    return ctx.redactor.redactDeep(summarise(ctx, spec, exitCode, outcome, message));
  };
  try {
    try {
      await new Listr(spec.prepare, listrOptions(mode, ctx.redactor)).run(ctx);
    } catch (error) {
      return result(exitCodeOf(error), 'rejected', `${messageOf(error, ctx)} Nothing was changed.`);
    }
    const noop = spec.noopReason(ctx);
    if (noop) return result(ExitCode.ok, 'noop', noop);
    if (ctx.options.dryRun) return result(ExitCode.ok, 'dry_run', 'dry run: nothing was changed');
    try {
      await approve(ctx, spec.approvalWhat(ctx), spec.alwaysApprove === true);
    } catch (error) {
      return result(exitCodeOf(error), 'rejected', messageOf(error, ctx));
    }
    try {
      await new Listr([releaseTask(ctx, spec)], listrOptions(mode, ctx.redactor)).run(ctx);
    } catch (error) {
      // Whether the release stands decides the outcome, not where the error came from.
      if (!ctx.stands) {
        await stopProbe(ctx);
        return await publishOutcome(ctx, await failed(ctx, error, result));
      }
      noteFailure(ctx, `after the point of no return: ${messageOf(error, ctx)}`);
    }
    await stopProbe(ctx);
    // users saw these: a release that stands after them is no plain success
    const seen = ctx.probeFigures;
    if (seen && seen.failures > 0) noteFailure(ctx, `the traffic probe counted ${seen.failures} failed request(s) of ${seen.requests} through the router during this ${ctx.action}`);
    await keepEvidence(ctx, ledgerLine(ctx), () => recordOutcome(ctx, spec.standingOutcome ?? 'succeeded', null));
    const standing = () => {
      const verdict = standingVerdict(successMessage(ctx, spec), ctx.stands?.failures ?? []);
      return result(verdict.exitCode, spec.standingOutcome ?? verdict.outcome, verdict.message);
    };
    const published = await publishOutcome(ctx, standing());
    return { ...standing(), report: published.report }; // a report that could not be written is one more warning
  } finally {
    await releaseLock(ctx);
  }
}

// The outcome is already published: a release that fails is reported on stderr, never swallowed.
async function releaseLock(ctx: FlowContext): Promise<void> {
  try {
    await ctx.lock?.release();
  } catch (error) {
    process.stderr.write(`ferry: ${ctx.redactor.redact((error as Error).message)}\n`);
  }
}

const ledgerLine = (ctx: FlowContext) => `the ledger line (${statePaths(ctx.config.stateDir).ledger})`;

function successMessage(ctx: FlowContext, spec: FlowSpec): string {
  return spec.successMessage?.(ctx) ?? `${ctx.tag} is live on ${ctx.target?.colour ?? '?'}`;
}

const RELEASE_TITLE: Partial<Record<FlowContext['action'], string>> = { deploy: 'Deploy', promote: 'Promote', abort: 'Abort the staged' };

/** The reversible steps (their failure runs the undo stack), the point of no return, then the steps on a release that stands. */
function releaseTask(ctx: FlowContext, spec: FlowSpec): FlowTask {
  const steps = [
    ...spec.execute.map(recordingStep),
    pointOfNoReturnTask((c) => successMessage(c, spec).split('\n')[0]!),
    ...(spec.afterStanding ?? []).map((step) => afterStanding(recordingStep(step))),
  ];
  return {
    title: `${RELEASE_TITLE[ctx.action] ?? 'Roll back to'} ${ctx.tag} on ${ctx.config.name}`,
    task: (_c, task) => task.newListr(steps, { exitOnError: true }),
    rollback: async (c, task) => {
      if (c.stands) {
        task.title = 'The release stands: nothing to undo';
        return;
      }
      c.recovering = true; // from here the engine's calls end on the abandon signal (a second one), not the first
      task.title = `Recovering: undoing ${c.undo.length} change(s)`;
      const undo = [...c.undo].reverse();
      c.undo = [];
      await task
        .newListr(
          undo.map((action) => ({
            title: action.title,
            task: async () => {
              const started = Date.now();
              try {
                await action.run(c);
                c.steps.push({ title: action.title, state: 'rolled_back', durationMs: Date.now() - started });
              } catch (error) {
                c.recoveryErrors.push(`${action.title}: ${(error as Error).message}`);
                c.steps.push({ title: action.title, state: 'failed', durationMs: Date.now() - started, note: (error as Error).message.split('\n')[0] });
                throw error;
              }
            },
          })),
          { exitOnError: false },
        )
        .run(c);
      task.title = c.recoveryErrors.length ? 'Recovery FAILED' : 'Recovered: traffic is on the previous version';
    },
  };
}

async function failed(ctx: FlowContext, error: unknown, result: (e: ExitCodeValue, o: FlowOutcome, m: string) => FlowResult): Promise<FlowResult> {
  const reason = messageOf(error, ctx);
  const ledger = ledgerLine(ctx);
  if (ctx.recoveryErrors.length === 0) {
    await keepEvidence(ctx, ledger, () => recordOutcome(ctx, 'rolled_back', reason));
    return result(ExitCode.failedRecovered, 'rolled_back', [reason, `Rolled back: ${servingAfterRecovery(ctx)}.`, ...ctx.recoveryNotes].join('\n'));
  }
  const abandoned = ctx.abandon?.aborted === true;
  const why = abandoned ? `${reason}; the recovery was abandoned (${String((ctx.abandon!.reason as Error | undefined)?.message ?? ctx.abandon!.reason)})` : reason;
  await keepEvidence(ctx, ledger, () => recordOutcome(ctx, abandoned ? 'abandoned' : 'failed_unrecovered', why));
  const human = [
    `${reason}`,
    abandoned ? `RECOVERY ABANDONED by a second signal, not finished: ${ctx.recoveryErrors.join('; ')}` : `RECOVERY FAILED: ${ctx.recoveryErrors.join('; ')}`,
    ...ctx.recoveryNotes,
    `A human must act: run \`ferry status --env ${ctx.config.name}\` to see what serves, then \`ferry rollback --env ${ctx.config.name}\`.`,
    `The router config before this release is saved in ${ctx.config.stateDir}/releases/${ctx.releaseId}.json.`,
    ...(ctx.database?.backupFile
      ? [`The database backup taken before it: ${ctx.database.backupFile} (ferry restore --env ${ctx.config.name} --backup ${ctx.database.backup!.id}).`]
      : []),
  ];
  return result(ExitCode.failedUnrecovered, abandoned ? 'abandoned' : 'failed_unrecovered', human.join('\n'));
}

function servingAfterRecovery(ctx: FlowContext): string {
  if (ctx.action === 'migrate' || ctx.action === 'restore') return 'traffic was not touched';
  return ctx.active ? `${ctx.active.version} on ${ctx.active.colour} still serves` : 'nothing was being served before';
}

function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof FerryError ? error.exitCode : ExitCode.failedRecovered;
}

function messageOf(error: unknown, ctx: FlowContext): string {
  const text = error instanceof Error ? error.message : String(error);
  return ctx.signal.aborted ? `cancelled (${text})` : text;
}

function summarise(ctx: FlowContext, spec: FlowSpec, exitCode: ExitCodeValue, outcome: FlowOutcome, message: string): FlowResult {
  return {
    exitCode,
    outcome,
    message,
    action: ctx.action,
    env: ctx.config.name,
    tag: ctx.tag,
    releaseId: ctx.releaseId,
    plan: ctx.deployPlan || ctx.rollbackPlan || ctx.inProgress ? spec.planLines(ctx) : [],
    from: ctx.active ? { colour: ctx.active.colour, version: ctx.active.version } : null,
    to: ctx.target ? { colour: ctx.target.colour, version: ctx.target.version } : null,
    timings: ctx.timings,
    warnings: ctx.warnings,
    recoveryErrors: ctx.recoveryErrors,
    probe: ctx.probeFigures
      ? { requests: ctx.probeFigures.requests, failures: ctx.probeFigures.failures, p50: ctx.probeFigures.p50, p95: ctx.probeFigures.p95, max: ctx.probeFigures.max }
      : null,
    report: null,
    database: ctx.database
      ? {
          backupId: ctx.database.backup?.id ?? null,
          backupFile: ctx.database.backupFile ?? null,
          migrated: ctx.database.migrated,
          restoredTables: ctx.database.restored?.tables ?? null,
          discardedRows: ctx.database.discardedRows ?? null,
        }
      : null,
  };
}
