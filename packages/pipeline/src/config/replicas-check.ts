// container/replicas: several containers per colour need the router container, which reaches them by name on the
// environment's network; the host router and network: host give each colour one loopback port.
import type { Issue } from './issues.js';
import type { EnvironmentFile } from './schema.js';

const AT = ['container', 'replicas'];

export function replicasIssues(file: EnvironmentFile): Issue[] {
  if (file.container.replicas === 1) return [];
  if (file.router.runtime === 'host') {
    return [{ path: AT, message: `is ${file.container.replicas}, but router/runtime host gives each colour one port on 127.0.0.1`, hint: 'set router/runtime: container (its upstream lists every replica on the environment\'s network), or replicas: 1' }];
  }
  if (file.container.network === 'host') {
    return [{ path: AT, message: `is ${file.container.replicas}, but container/network host gives each colour one port on the host`, hint: 'set container/network: bridge (replicas are reached by name on the environment\'s network), or replicas: 1' }];
  }
  return [];
}
