import path from 'node:path';
import type { EnvironmentConfig } from './types.js';
import type { EnvironmentFile } from './schema.js';

export interface FileContext {
  name: string; // environment name
  file: string; // absolute YAML path
  envFileVars: Record<string, string>; // variables read from env_file
}

/** The validated file in the shape the pipeline uses: camelCase, absolute paths, ms durations. */
export function normalise(raw: EnvironmentFile, { name, file, envFileVars }: FileContext): EnvironmentConfig {
  const dir = path.dirname(file);
  const { build, registry } = raw.image;
  return {
    name,
    file,
    dir,
    app: raw.app,
    image: {
      name: raw.image.name,
      ...(build && { build: { context: path.resolve(dir, build.context), dockerfile: build.dockerfile, args: build.args } }),
      ...(registry && {
        registry: {
          url: registry.url,
          ...(registry.username_env !== undefined && { usernameEnv: registry.username_env }),
          ...(registry.password_env !== undefined && { passwordEnv: registry.password_env }),
        },
      }),
    },
    container: {
      port: raw.container.port,
      network: raw.container.network,
      ...(raw.container.env_file !== undefined && { envFile: path.resolve(dir, raw.container.env_file) }),
      env: { ...envFileVars, ...raw.container.env },
      secrets: raw.container.secrets,
    },
    health: {
      path: raw.health.path,
      intervalMs: raw.health.interval,
      timeoutMs: raw.health.timeout,
      deployTimeoutMs: raw.health.deploy_timeout,
    },
    router: {
      driver: raw.router.driver,
      listen: raw.router.listen,
      ports: raw.router.ports,
      drainMs: raw.router.drain,
      ...(raw.router.snippet !== undefined && { snippet: raw.router.snippet }),
    },
    strategy: {
      type: raw.strategy.type,
      monitorMs: raw.strategy.monitor,
      keepPrevious: raw.strategy.keep_previous,
      retain: raw.strategy.retain,
    },
    approval: raw.approval,
    stateDir: path.resolve(dir, raw.state_dir ?? path.join('..', '.ferry', name)),
  };
}
