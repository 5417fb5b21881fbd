import { registryAuth, resolveSecrets, validateTag } from '../config/index.js';
import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { createFlowContext } from '../flows/create-context.js';
import { deployFlow } from '../flows/deploy.js';
import { migrateFlow } from '../flows/migrate.js';
import { createPorts } from '../flows/ports.js';
import { restoreFlow } from '../flows/restore.js';
import { rollbackFlow } from '../flows/rollback.js';
import { runFlow, type FlowResult, type FlowSpec } from '../flows/run-flow.js';
import type { ReleaseAction } from '../state/ledger.js';
import { readLedger } from '../state/ledger.js';
import { statePaths } from '../state/paths.js';
import type { CliArgs } from './args.js';
import { loadConfigFor } from './load-config.js';
import { printJson, printLines } from './print.js';

/** `ferry deploy|rollback|migrate|restore`: validate every input first, then run the flow. */
export async function runRelease(action: ReleaseAction, args: CliArgs, signal: AbortSignal): Promise<number> {
  const tag = action === 'deploy' || action === 'migrate' ? validateTag(requireTag(args.tag), '--tag') : '';
  const to = args.to === undefined ? undefined : validateTag(args.to, '--to');
  if (args.strategy !== undefined && args.strategy !== 'blue-green') {
    throw new ConfigError(`--strategy "${args.strategy}": only blue-green is supported.`);
  }
  const config = await loadConfigFor(args);
  const flow = flowFor(action, config, args);
  const secrets = resolveSecrets(config, process.env);
  if (action === 'deploy') registryAuth(config, process.env); // a missing credential fails here, before anything changes
  const ctx = createFlowContext({
    action,
    config,
    command: ['ferry', ...process.argv.slice(2)].join(' '),
    tag,
    options: { dryRun: args.dryRun, yes: args.yes, force: args.force, to, interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) },
    ports: createPorts(config),
    secrets,
    ledger: await readLedger(statePaths(config.stateDir).ledger),
    signal,
  });
  // A terminal that reports no width (e.g. under `script`) would wrap every character: use plain lines.
  const wideTty = process.stderr.isTTY && (process.stderr.columns ?? 0) >= 40;
  const mode = wideTty && !args.plain && !args.json ? 'tty' : 'plain';
  const result = await runFlow(ctx, flow, mode);
  report(result, args.json);
  return result.exitCode;
}

function flowFor(action: ReleaseAction, config: EnvironmentConfig, args: CliArgs): FlowSpec {
  if (action === 'deploy') return deployFlow;
  if (action === 'rollback') return rollbackFlow;
  if (!config.database) {
    throw new ConfigError(`ferry ${action}: ${config.file} has no database section; add database: { url_env: DATABASE_URL, migrate: [...] } (see environments/README.md).`);
  }
  if (action === 'migrate') {
    if (!config.database.migrate) throw new ConfigError(`ferry migrate: ${config.file} has no database/migrate command; e.g. migrate: [node, migrate.js, up]`);
    return migrateFlow;
  }
  if (!args.backup) throw new ConfigError('ferry restore: --backup ID is required; list the backups with: ferry backups --env ' + config.name);
  return restoreFlow(args.backup);
}

function requireTag(tag: string | undefined): string {
  if (tag === undefined) throw new ConfigError('--tag is required: the image tag to deploy, e.g. --tag v1.2.3 (make: IMAGE_TAG=v1.2.3).');
  return tag;
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
  printLines(lines);
}
