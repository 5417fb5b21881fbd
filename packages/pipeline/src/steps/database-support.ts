// Shared by the database steps: the url, one-off commands and the restore undo. Not a step itself.
import path from 'node:path';
import { FerryError } from '../errors.js';
import { restore, type RowsReplaced } from '../ports/database/index.js';
import { oneOffSpec, type OneOffKind } from '../planning/one-off.js';
import { printable } from '../planning/printable.js';
import type { DatabaseRun, FlowContext, UndoAction } from '../flows/context.js';

// Long command output stays readable in the task: every line, not just the last.
export const STREAMED_OUTPUT = { persistentOutput: true, outputBar: Infinity } as const;

/** The connection url, resolved from the process environment with the other secrets. */
export function databaseUrl(ctx: FlowContext): string {
  const name = ctx.config.database!.urlEnv;
  const url = ctx.secrets[name];
  if (!url) throw new FerryError(`${name} is empty; export the database url before running ferry`);
  return url;
}

export function databaseRun(ctx: FlowContext): DatabaseRun {
  ctx.database ??= { migrated: false };
  return ctx.database;
}

/** Run a configured command in a one-off container of the release image; a non-zero exit fails the step. */
export async function runDatabaseCommand(
  ctx: FlowContext,
  task: { output: string }, // the listr2 task, for its output lines
  kind: OneOffKind,
  cmd: string[],
): Promise<number> {
  const spec = oneOffSpec(ctx.config, { tag: ctx.tag, imageId: ctx.imageId, releaseId: ctx.releaseId, kind, cmd, secrets: ctx.secrets });
  const result = await ctx.ports.docker.runOnce(spec, {
    timeoutMs: ctx.config.database!.timeoutMs,
    signal: ctx.signal,
    onLine: (line) => {
      task.output = printable(ctx.redactor.redact(line)); // each line of a multi-line secret is masked on its own too
    },
  });
  const tail = () => printable(ctx.redactor.redact(result.tail.join('\n')));
  if (result.exitCode === null) {
    throw new FerryError(`${kind} \`${cmd.join(' ')}\` in ${spec.image} did not finish within ${ctx.config.database!.timeoutMs} ms and was killed; last output:\n${tail()}`);
  }
  if (result.exitCode !== 0) {
    throw new FerryError(`${kind} \`${cmd.join(' ')}\` in ${spec.image} exited with code ${result.exitCode} after ${result.durationMs} ms:\n${tail()}`);
  }
  return result.durationMs;
}

/** Tables that held more rows just before the restore than in the backup; null when not known. */
export function discarded(rows: RowsReplaced[] | null): RowsReplaced[] | null {
  return rows === null ? null : rows.filter((r) => r.rows > 0);
}

/** What a restore discarded, for the step output and the report: rows written after the backup, per table. */
export function describeRowsReplaced(rows: RowsReplaced[] | null): string {
  if (rows === null) return 'rows written after the backup: unknown (the counts before the restore could not be read)';
  const lost = discarded(rows)!;
  if (lost.length === 0) return 'no rows written after the backup were discarded';
  const total = lost.reduce((sum, r) => sum + r.rows, 0);
  return `discarded ${total} row(s) written after the backup: ${lost.map((r) => `${r.table} ${r.rows}`).join(', ')}`;
}

/** Put the database back as the backup has it and prove it; a difference is a failed recovery (exit 3), rolled back. */
export function restoreUndo(run: DatabaseRun): UndoAction {
  const backup = run.backup!;
  const file = run.backupFile!;
  return {
    title: `Restore database from backup ${backup.id}`,
    run: async (c) => {
      const result = await restore({ url: databaseUrl(c), backupFile: file });
      if (!result.identical) {
        throw new FerryError(
          `the restored database differs from backup ${file}: ${result.differences.slice(0, 5).join('; ')}; the restore was rolled back, ` +
            `the database is as the failed release left it. Restore it by hand: ferry restore --env ${c.config.name} --backup ${backup.id}`,
        );
      }
      run.restored = { tables: backup.fingerprint.tables.length };
      run.discardedRows = discarded(result.rowsReplaced);
      c.recoveryNotes.push(
        `Database restored from backup ${backup.id} (${path.basename(file)}): ${backup.fingerprint.tables.length} tables identical; ${describeRowsReplaced(result.rowsReplaced)}.`,
      );
    },
  };
}
