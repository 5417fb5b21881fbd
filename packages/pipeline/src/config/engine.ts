import { ConfigError } from '../errors.js';
import { engineHostText, parseEngineHost, type EngineAddress } from './engine-host.js';
import type { EngineAddresses, EngineConfig } from './types.js';

/**
 * The environment's engine (engine.host, else DOCKER_HOST, else the local socket) and the build
 * engine, where images are built and found: the one `docker` on this machine talks to (DOCKER_HOST, else local).
 */
export function resolveEngine(fileHost: EngineAddress | undefined, processEnv: NodeJS.ProcessEnv, shownFile: string): EngineAddresses {
  const build = dockerHostOf(processEnv, shownFile);
  if (fileHost) return { host: fileHost, source: 'engine.host', build };
  return { host: build, source: processEnv.DOCKER_HOST ? 'DOCKER_HOST' : 'default', build };
}

function dockerHostOf(processEnv: NodeJS.ProcessEnv, shownFile: string): EngineAddress {
  const value = processEnv.DOCKER_HOST;
  if (!value) return { kind: 'local' };
  const parsed = parseEngineHost(value);
  if ('problem' in parsed) {
    throw new ConfigError(`DOCKER_HOST=${value}: ${parsed.problem}; fix or unset the variable (engine.host in ${shownFile} names the environment's engine)`);
  }
  return parsed;
}

/** "tcp://10.0.0.5:2375 (engine.host)" — where an engine came from, for messages and status. */
export function describeEngine(engine: EngineConfig): string {
  return engine.source === 'default' ? `${engineHostText(engine.host)} (default)` : `${engineHostText(engine.host)} (${engine.source})`;
}
