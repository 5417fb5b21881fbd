import type { EnvironmentConfig } from '../config/types.js';
import { DockerEngine } from '../ports/docker/docker-engine.js';
import { NginxRouter } from '../ports/router/nginx.js';
import type { FlowPorts } from './context.js';

export function createPorts(config: EnvironmentConfig): FlowPorts {
  return {
    docker: DockerEngine.at(config.engine.host),
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
