import path from 'node:path';
import { listEnvironments, loadEnvironment, redactorFor } from '../config/index.js';
import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { CliArgs } from './args.js';
import { printProgress } from './print.js';

/** Every command that acts on an environment starts here: --env required, file loaded and validated. */
export async function loadConfigFor(args: CliArgs): Promise<EnvironmentConfig> {
  const environmentsDir = path.resolve(args.environments);
  if (!args.env) {
    const known = await listEnvironments(environmentsDir).catch(() => []);
    throw new ConfigError(`--env is required${known.length ? ` (one of: ${known.join(', ')})` : ''}.`);
  }
  const config = await loadEnvironment({ environmentsDir, env: args.env, processEnv: process.env });
  redactorFor(config, process.env); // from here on, what the command prints is masked with this environment's secrets
  config.warnings.forEach(printConfigWarning);
  return config;
}

/** A key the file still has but no longer uses: on stderr, so stdout stays one JSON document. */
export function printConfigWarning(warning: string): void {
  printProgress(`warning: ${warning}`);
}
