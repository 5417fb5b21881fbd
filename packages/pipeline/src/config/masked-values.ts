// Which values a command masks: every value Ferry treats as a secret, read from the process environment.
import { Redactor } from './redactor.js';
import { tlsVariableNames } from './router-tls.js';
import type { EnvironmentConfig } from './types.js';

/** Names of the variables whose values are secrets: container secrets (the database url among them), the registry password, the webhook url, the router's PEM. */
export function secretVariableNames(config: EnvironmentConfig): string[] {
  const names = [
    ...config.container.secrets,
    ...(config.database ? [config.database.urlEnv] : []),
    ...(config.image.registry?.passwordEnv ? [config.image.registry.passwordEnv] : []),
    ...(config.notify ? [config.notify.webhookEnv] : []),
    ...tlsVariableNames(config.router.tls),
  ];
  return [...new Set(names)];
}

/** The command's one redactor: every secret value that is set (a missing one has nothing to mask). */
export function redactorFor(config: EnvironmentConfig, processEnv: NodeJS.ProcessEnv): Redactor {
  const values = secretVariableNames(config).flatMap((name) => (processEnv[name] ? [processEnv[name]] : []));
  return useRedactor(new Redactor(values));
}

// The CLI's last-resort sinks (stdout documents, the top-level error) mask with the redactor of the command that runs.
let active = new Redactor([]);

export function useRedactor(redactor: Redactor): Redactor {
  active = redactor;
  return redactor;
}

export const activeRedactor = (): Redactor => active;
