import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@ferry/shared';
import type { FlowContext } from '../flows/context.js';
import type { FlowResult } from '../flows/run-flow.js';
import { reportShare } from '../steps/rolling-record.js';
import { readNoFollow } from './no-follow.js';
import { statePaths } from './paths.js';
import type { ReleaseReport } from './report-types.js';

/** Everything the command proved, from its context and result; secret values are redacted on the way out. */
export function buildReport(ctx: FlowContext, result: FlowResult, endedAt: Date): ReleaseReport {
  const reason = result.outcome === 'succeeded' || result.outcome === 'succeeded_with_warnings' || result.outcome === 'noop' || result.outcome === 'dry_run' ? null : result.message;
  const report: ReleaseReport = {
    schema: 1,
    id: ctx.releaseId,
    env: ctx.config.name,
    app: ctx.config.app,
    action: ctx.action,
    tag: ctx.tag,
    imageId: ctx.imageId,
    digest: ctx.digest ?? null,
    startedAt: ctx.startedAt,
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - Date.parse(ctx.startedAt),
    outcome: result.outcome,
    exitCode: result.exitCode,
    reason,
    from: result.from,
    to: result.to,
    steps: ctx.steps,
    scan: ctx.scan ? scanOf(ctx.scan) : null,
    database: result.database ? { backupId: result.database.backupId, migrated: result.database.migrated, restoredTables: result.database.restoredTables } : null,
    health: ctx.timings.healthMs !== undefined ? { attempts: ctx.timings.healthProbes ?? 0, healthyAfterMs: ctx.timings.healthMs } : null,
    switchMs: ctx.timings.switchMs ?? null,
    probe: ctx.probeFigures ? withoutStart(ctx.probeFigures) : null,
    loadtest: ctx.loadtest ?? null,
    verify: ctx.verify ?? null,
    canary: ctx.canary ? canaryOf(ctx.canary) : null,
    rolling: ctx.rolling ? rollingOf(ctx.rolling) : null,
    notifications: ctx.notifications,
    warnings: result.warnings,
  };
  // No form of a secret can reach the file, whatever a step put in a message.
  return ctx.redactor.redactDeep(report);
}

function withoutStart({ startedAt: _startedAt, ...figures }: NonNullable<FlowContext['probeFigures']>): ReleaseReport['probe'] {
  return figures;
}

function canaryOf(run: NonNullable<FlowContext['canary']>): ReleaseReport['canary'] {
  return {
    outcome: run.outcome ?? null,
    abortReason: run.abortReason ?? null,
    abortToZeroMs: run.outcome === 'aborted' && run.decidedAt !== undefined && run.zeroConfirmedAt !== undefined ? run.zeroConfirmedAt - run.decidedAt : null,
    rolledBackMs: run.outcome === 'promoted' ? (run.rolledBackMs ?? null) : null,
    spanMs: run.endedAt !== undefined ? run.endedAt - run.startedAt : null,
    steps: run.steps.map((s) => ({
      step: s.step,
      weight: s.weight,
      extension: s.extension,
      durationMs: s.endedAt - s.startedAt,
      changeMs: s.startedAt - s.askedAt,
      readMs: s.judgedAt - s.endedAt,
      source: s.figures.source,
      verdict: s.verdict,
      reason: s.reason ?? null,
      canary: s.figures.canary,
      stable: s.figures.stable,
      ...(s.metric && { prometheus: s.metric }),
    })),
  };
}

function rollingOf(run: NonNullable<FlowContext['rolling']>): ReleaseReport['rolling'] {
  return {
    colours: run.colours,
    replicas: run.replicas,
    batchSize: run.batchSize,
    plannedBatches: run.plannedBatches,
    outcome: run.failure ? 'failed' : run.done ? 'replaced' : null,
    failure: run.failure ?? null,
    batches: run.batches.map((b) => ({
      batch: b.batch,
      started: b.started,
      gate: b.gate ?? null,
      shares: b.shares.map(reportShare),
      retired: b.retired,
      drainMs: b.drainMs ?? null,
      stopped: b.stopped,
    })),
    undo: run.undo ?? null,
  };
}

function scanOf(scan: NonNullable<FlowContext['scan']>): ReleaseReport['scan'] {
  if (scan.status === 'skipped') return { status: 'skipped', reason: scan.reason };
  return {
    status: scan.status,
    counts: scan.counts as NonNullable<ReleaseReport['scan']>['counts'],
    blocking: scan.blocking,
    ...(scan.sarif && { sarif: scan.sarif }),
  };
}

export const reportPath = (stateDir: string, id: string) => path.join(statePaths(stateDir).reportsDir, `${id}.json`);

export async function writeReport(stateDir: string, report: ReleaseReport): Promise<string> {
  const file = reportPath(stateDir, report.id);
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Every report of the environment, oldest first; unreadable files are skipped. */
export async function listReports(stateDir: string): Promise<ReleaseReport[]> {
  const dir = statePaths(stateDir).reportsDir;
  const names = await readdir(dir).catch(() => [] as string[]);
  const reports: ReleaseReport[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      reports.push(JSON.parse((await readNoFollow(path.join(dir, name))) ?? 'null') as ReleaseReport);
    } catch {
      continue;
    }
  }
  return reports.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
