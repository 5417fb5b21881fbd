// The point of no return: once every reversible step of a command passed, what it did stands.
// From there on nothing is undone, and whatever fails (cleanup, pruning, the ledger line, the report)
// is a warning on a release that serves — never reported as a rollback that did not happen.
import { ExitCode } from '../errors.js';
import type { FlowContext, FlowTask } from './context.js';

/** Drop the undo stack and remember that the release stands. Idempotent. */
export function markReleaseStands(ctx: FlowContext): void {
  ctx.undo = [];
  ctx.stands ??= { since: Date.now(), failures: [] };
}

/** The task between a flow's reversible steps and the steps that run on a release that stands. */
export function pointOfNoReturnTask(describe: (ctx: FlowContext) => string): FlowTask {
  return {
    title: 'Point of no return',
    task: (ctx, task) => {
      markReleaseStands(ctx);
      task.title = `Point of no return: ${describe(ctx)}; nothing is undone after this`;
    },
  };
}

/** A step that runs on a release that stands: its failure shows on the step and becomes a warning; the flow goes on. */
export function afterStanding(step: FlowTask): FlowTask {
  return {
    ...step,
    exitOnError: false,
    task: async (ctx, task) => {
      try {
        return await step.task(ctx, task);
      } catch (error) {
        noteFailure(ctx, `${String(step.title)} failed after the release stood: ${firstLine(error)}`);
        throw error; // listr marks the step failed; exitOnError: false keeps the flow going
      }
    },
  };
}

/** Write a piece of evidence (the ledger line, the report); a failure is a warning and changes nothing that happened. */
export async function keepEvidence<T>(ctx: FlowContext, what: string, write: () => Promise<T>): Promise<T | null> {
  try {
    return await write();
  } catch (error) {
    noteFailure(ctx, `${what} was not written: ${firstLine(error)}`);
    return null;
  }
}

/** Anything that failed: printed as a warning; once the release stands it also decides the outcome. */
export function noteFailure(ctx: FlowContext, text: string): void {
  const shown = ctx.redactor.redact(text);
  ctx.warnings.push(shown);
  ctx.stands?.failures.push(shown);
}

export type StandingOutcome = 'succeeded' | 'succeeded_with_warnings';

/** The verdict on a command whose release stands: exit 0 either way; failures after it are named, never called a rollback. */
export function standingVerdict(success: string, failures: string[]): { exitCode: typeof ExitCode.ok; outcome: StandingOutcome; message: string } {
  if (failures.length === 0) return { exitCode: ExitCode.ok, outcome: 'succeeded', message: success };
  const count = failures.length === 1 ? 'one step' : `${failures.length} steps`;
  return {
    exitCode: ExitCode.ok,
    outcome: 'succeeded_with_warnings',
    message: `${success}. The release stands and serves; ${count} after the point of no return failed (see the warnings), and nothing was undone.`,
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
