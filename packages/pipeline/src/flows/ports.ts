import { sameEngine } from '../config/engine-host.js';
import type { EnvironmentConfig } from '../config/types.js';
import { DockerEngine } from '../ports/docker/docker-engine.js';
import { NginxRouter } from '../ports/router/nginx.js';
import type { FlowPorts } from './context.js';

export function createPorts(config: EnvironmentConfig): FlowPorts {
  const docker = DockerEngine.at(config.engine.host);
  return {
    docker,
    builder: sameEngine(config.engine.host, config.engine.build) ? docker : DockerEngine.at(config.engine.build),
    router: new NginxRouter({
      stateDir: config.stateDir,
      app: config.app,
      env: config.name,
      listen: config.router.listen,
      drainMs: config.router.drainMs,
      snippet: config.router.snippet,
    }),
  };
}
