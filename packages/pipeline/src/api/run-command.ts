import path from 'node:path';
import { loadEnvironment, redactorFor, registryAuth, resolveSecrets, validateTag } from '../config/index.js';
import type { EnvironmentConfig, StrategyType } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { createFlowContext } from '../flows/create-context.js';
import type { RenderMode } from '../flows/listr-options.js';
import { createPorts } from '../flows/ports.js';
import { runFlow, type FlowResult, type FlowSpec } from '../flows/run-flow.js';
import { readLedger, type ReleaseAction } from '../state/ledger.js';
import { statePaths } from '../state/paths.js';

export interface RunInput {
  action: ReleaseAction;
  environmentsDir: string;
  env: string;
  tag?: string; // deploy, migrate
  strategy?: StrategyType; // deploy: --strategy, over the file's strategy.type
  to?: string; // rollback
  backup?: string; // restore
  dryRun?: boolean;
  yes?: boolean; // approval given (by --yes, or by the TUI's own confirmation)
  force?: boolean;
  noSwitch?: boolean; // deploy: stop after the health gate, staged (also strategy/auto_promote: false)
  allowSchemaCrossing?: boolean; // rollback: cross a database migration (never implied by yes)
  interactive?: boolean; // may prompt on this process's TTY
  command?: string; // what the lock and ledger record as the holder
  signal: AbortSignal; // the first Ctrl+C or SIGTERM: cancel and undo
  abandon?: AbortSignal; // a second one: stop undoing, record the run as abandoned
  render: RenderMode;
  processEnv?: NodeJS.ProcessEnv; // where secrets come from (default process.env)
  onConfigWarning?: (warning: string) => void; // a key the environment file still has but no longer uses
  config?: EnvironmentConfig; // the environment the caller already loaded (and said the warnings of): not loaded again
}

/** deploy | rollback | migrate | restore | promote | abort: validate every input first, then run the flow. Throws ConfigError (exit 2) on bad input. */
export async function runCommand(input: RunInput): Promise<FlowResult> {
  const { action } = input;
  const tag = action === 'deploy' || action === 'migrate' ? validateTag(requireTag(input.tag), '--tag') : '';
  const to = input.to === undefined ? undefined : validateTag(input.to, '--to');
  const processEnv = input.processEnv ?? process.env;
  const config = input.config ?? (await loadWarned(input, processEnv));
  if (input.strategy) config.strategy.type = input.strategy;
  const noSwitch = action === 'deploy' && (input.noSwitch === true || config.strategy.autoPromote === false);
  const flow = await flowFor(action, config, input.backup, noSwitch);
  const secrets = resolveSecrets(config, processEnv);
  if (action === 'deploy') registryAuth(config, processEnv); // a missing credential fails here, before anything changes
  const redactor = redactorFor(config, processEnv);
  const onProgress = typeof input.render === 'object' ? input.render.onProgress : undefined;
  const skippedLines: string[] = [];
  const ledger = await readLedger(statePaths(config.stateDir).ledger, (warning) => skippedLines.push(warning));
  const ctx = createFlowContext({
    action,
    config,
    command: input.command ?? `ferry ${action} --env ${input.env}`,
    tag,
    options: { dryRun: input.dryRun ?? false, yes: input.yes ?? false, force: input.force ?? false, allowSchemaCrossing: input.allowSchemaCrossing ?? false, to, noSwitch, interactive: input.interactive ?? false },
    ports: createPorts(config),
    secrets,
    redactor,
    ledger,
    signal: input.signal,
    ...(input.abandon && { abandon: input.abandon }),
    progress: onProgress && ((id, event) => onProgress(id, redactor.redactDeep(event))),
  });
  ctx.warnings.push(...skippedLines); // a damaged history line is said in the command's result, whatever its outcome
  if (config.notify) ctx.notifyUrl = processEnv[config.notify.webhookEnv];
  return runFlow(ctx, flow, input.render).catch((error: unknown) => {
    // A caller (the TUI, the CLI) prints what escapes: masked like everything else.
    if (error instanceof Error) error.message = redactor.redact(error.message);
    throw error;
  });
}

async function loadWarned(input: RunInput, processEnv: NodeJS.ProcessEnv): Promise<EnvironmentConfig> {
  const config = await loadEnvironment({ environmentsDir: path.resolve(input.environmentsDir), env: input.env, processEnv });
  for (const warning of config.warnings) input.onConfigWarning?.(warning);
  return config;
}

// Each flow is loaded only when it runs: a warm rollback should not pay for the scanner or the load tester.
async function flowFor(action: ReleaseAction, config: EnvironmentConfig, backup: string | undefined, noSwitch: boolean): Promise<FlowSpec> {
  if (action === 'deploy') return (await import('../flows/deploy.js'))[noSwitch ? 'stagedDeployFlow' : 'deployFlow'];
  if (action === 'rollback') return (await import('../flows/rollback.js')).rollbackFlow;
  if (action === 'promote') return (await import('../flows/promote.js')).promoteFlow;
  if (action === 'abort') return (await import('../flows/promote.js')).abortFlow;
  if (!config.database) {
    throw new ConfigError(`ferry ${action}: ${config.file} has no database section; add database: { url_env: DATABASE_URL, migrate: [...] } (see environments/README.md).`);
  }
  if (action === 'migrate') {
    if (!config.database.migrate) throw new ConfigError(`ferry migrate: ${config.file} has no database/migrate command; e.g. migrate: [node, migrate.js, up]`);
    return (await import('../flows/migrate.js')).migrateFlow;
  }
  if (!backup) throw new ConfigError(`ferry restore: --backup ID is required; list the backups with: ferry backups --env ${config.name}`);
  return (await import('../flows/restore.js')).restoreFlow(backup);
}

function requireTag(tag: string | undefined): string {
  if (tag === undefined) throw new ConfigError('--tag is required: the image tag to deploy, e.g. --tag v1.2.3 (make: IMAGE_TAG=v1.2.3).');
  return tag;
}
