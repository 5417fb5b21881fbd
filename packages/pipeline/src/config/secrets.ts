import { ConfigError } from '../errors.js';
import { displayPath } from './environment-files.js';
import type { EnvironmentConfig } from './types.js';

// Every output is masked by replacing secret values: a one-character secret would mask every "a" printed.
export const MIN_SECRET_LENGTH = 8;

/** Values of `container.secrets`, read from the process environment only (never from files). */
export function resolveSecrets(config: EnvironmentConfig, processEnv: NodeJS.ProcessEnv): Record<string, string> {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const name of config.container.secrets) {
    const value = processEnv[name];
    if (value === undefined) {
      problems.push(`${displayPath(config.file)} container/secrets: ${name} is not set in the environment; export it before deploying (values are never read from files)`);
    } else if (value.length < MIN_SECRET_LENGTH) {
      problems.push(`${displayPath(config.file)} container/secrets: ${tooShort(name)}`);
    } else {
      values[name] = value;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return values;
}

/** Docker `authconfig` for the registry, credentials read from the named variables; undefined without a registry. */
export function registryAuth(
  config: EnvironmentConfig,
  processEnv: NodeJS.ProcessEnv,
): { serveraddress: string; username?: string; password?: string } | undefined {
  const registry = config.image.registry;
  if (!registry) return undefined;
  const read = (key: 'username_env' | 'password_env', name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const value = processEnv[name];
    if (value === undefined) {
      throw new ConfigError(`${displayPath(config.file)} image/registry/${key}: ${name} is not set in the environment; export it before pushing to ${registry.url}`);
    }
    // The user name is not secret (and often short); the password is masked like every secret.
    if (key === 'password_env' && value.length < MIN_SECRET_LENGTH) throw new ConfigError(`${displayPath(config.file)} image/registry/${key}: ${tooShort(name)}`);
    return value;
  };
  const username = read('username_env', registry.usernameEnv);
  const password = read('password_env', registry.passwordEnv);
  return { serveraddress: registry.url, ...(username !== undefined && { username }), ...(password !== undefined && { password }) };
}

function tooShort(name: string): string {
  return `${name} is shorter than ${MIN_SECRET_LENGTH} characters (or empty); secrets are masked as [REDACTED] wherever their value appears, so a value that short would mask ordinary text: use a real secret of at least ${MIN_SECRET_LENGTH} characters`;
}
