import path from 'node:path';
import { handToRunningDeploy } from '../api/canary-handoff.js';
import { runCommand } from '../api/run-command.js';
import { loadEnvironment } from '../config/index.js';
import type { CanaryRequest } from '../state/canary-control.js';
import { ConfigError } from '../errors.js';
import type { FlowResult } from '../flows/run-flow.js';
import type { ReleaseAction } from '../state/ledger.js';
import type { CliArgs } from './args.js';
import type { EnvironmentConfig, StrategyType } from '../config/types.js';

const STRATEGIES: readonly StrategyType[] = ['blue-green', 'canary', 'rolling'];
import { loadConfigFor, printConfigWarning } from './load-config.js';
import { printJson, printLines } from './print.js';
import { loadRunView } from './run-view.js';

/** `ferry deploy|rollback|migrate|restore|promote|abort`: flags → runCommand, then the result on stdout. */
/** `config`: the environment already loaded by the caller (its warnings printed), else runCommand loads it. */
export async function runRelease(action: ReleaseAction, args: CliArgs, signal: AbortSignal, abandon?: AbortSignal, config?: EnvironmentConfig): Promise<number> {
  if (args.strategy !== undefined && !STRATEGIES.includes(args.strategy as StrategyType)) {
    throw new ConfigError(`--strategy "${args.strategy}": should be blue-green, canary or rolling (the canary's steps and analysis, and the rolling batch, come from strategy in the environment file).`);
  }
  if (!args.env) await loadConfigFor(args); // throws: --env is required, listing the environments
  // A terminal that reports no width (e.g. under `script`) would wrap every character: use plain lines.
  const wideTty = process.stderr.isTTY && (process.stderr.columns ?? 0) >= 40;
  const tty = wideTty && !args.plain && !args.json;
  // In a terminal, deploy and rollback draw the TUI's run view; Ctrl+C there goes to the SIGINT handling.
  const shown = action === 'deploy' || action === 'rollback' ? action : null;
  const view = tty && shown ? await loadRunView() : null;
  // p/a during a canary: the environment read again only for its state dir (its warnings were printed once already)
  const askCanary = async (request: CanaryRequest) => handToRunningDeploy(await loadEnvironment({ environmentsDir: path.resolve(args.environments), env: args.env!, processEnv: process.env }), request);
  const attached = shown ? view?.attachRunView({ action: shown, env: args.env!, tag: args.tag, to: args.to }, () => process.kill(process.pid, 'SIGINT'), askCanary) : undefined;
  const result = await runCommand({
    action,
    environmentsDir: args.environments,
    ...(config && { config }),
    env: args.env!,
    tag: args.tag,
    ...(args.strategy !== undefined && { strategy: args.strategy as StrategyType }),
    to: args.to,
    backup: args.backup,
    dryRun: args.dryRun,
    yes: args.yes,
    force: args.force,
    noSwitch: args.noSwitch,
    allowSchemaCrossing: args.allowSchemaCrossing,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    command: ['ferry', ...process.argv.slice(2)].join(' '),
    signal,
    abandon,
    render: attached?.render ?? (tty ? 'tty' : 'plain'),
    onConfigWarning: printConfigWarning,
  }).finally(() => attached?.finish());
  report(result, args.json);
  return result.exitCode;
}

function report(result: FlowResult, json: boolean): void {
  if (json) return printJson(result);
  const lines = [...result.plan.map((l) => `  ${l}`)];
  lines.unshift(`${result.action} ${result.env} ${result.tag || ''}: ${result.outcome} (exit ${result.exitCode})`);
  lines.push(...result.message.split('\n'));
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  const t = result.timings;
  if (t.switchMs !== undefined) lines.push(`switch: ${t.switchMs} ms from healthy to traffic confirmed; total ${t.totalMs} ms`);
  if (result.database?.backupId) lines.push(`database backup: ${result.database.backupId}${result.database.migrated ? ' (taken before the migration)' : ''}`);
  const p = result.probe;
  if (p) lines.push(`traffic probe: ${p.requests} requests through the router, ${p.failures} failed, p50 ${p.p50} ms, p95 ${p.p95} ms, max ${p.max} ms`);
  if (result.report) lines.push(`report: ${result.report} (ferry report --env ${result.env} --id ${result.releaseId})`);
  printLines(lines);
}
