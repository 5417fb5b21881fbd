// A router container in front of two demo-app containers of the shared image, for the e2e files that drive a
// ContainerRouter directly: names after the test's app and this process, the router's options, each colour's
// container on the router's network (no published port), one request through the router, and the clean-up.
import { request } from 'node:http';
import { DockerEngine } from '../../src/ports/docker/docker-engine.js';
import type { ContainerSpec } from '../../src/ports/docker/types.js';
import type { ContainerRouterOptions } from '../../src/ports/router/container-router.js';
import { removeContainers } from './environment.js';
import { E2E_IMAGE, ROUTER_IMAGE } from './images.js';

export interface RouterContainerFixture {
  app: string;
  env: string;
  appName(colour: string): string;
  /** The router on 127.0.0.1:`port`, reaching each colour's container by name at port 3000. */
  options(port: number): ContainerRouterOptions;
  /** A colour's demo-app container on `network` (the router's), publishing nothing. */
  appSpec(colour: 'blue' | 'green', version: string, network: string): ContainerSpec;
  /** Removes the app's containers and the environment's network. */
  cleanup(): Promise<void>;
}

export function routerContainerFixture(app: string, engine: DockerEngine): RouterContainerFixture {
  const env = `t${process.pid}`;
  const appName = (colour: string) => `${app}-${env}-${colour}`;
  return {
    app,
    env,
    appName,
    options: (port) => ({
      app,
      env,
      image: ROUTER_IMAGE,
      listen: { host: '127.0.0.1', port },
      probeAt: { host: '127.0.0.1', port },
      drainMs: 2000,
      upstreams: { blue: { host: appName('blue'), port: 3000 }, green: { host: appName('green'), port: 3000 } },
    }),
    appSpec: (colour, version, network) => ({
      name: appName(colour),
      image: `${E2E_IMAGE}:${version}`,
      env: { PORT: '3000', FERRY_VERSION: version, FERRY_COLOUR: colour },
      labels: { 'ferry.app': app, 'ferry.env': env, 'ferry.colour': colour, 'ferry.version': version },
      network: 'bridge',
      containerPort: 3000,
      hostPort: 0,
      attachTo: network,
    }),
    cleanup: async () => {
      await removeContainers(app);
      await engine.removeNetwork(`ferry-${app}-${env}`);
    },
  };
}

/** One GET of / through the router on 127.0.0.1:`port` on a fresh connection; null when nothing answers. */
export function getThroughRouter(port: number, headers: Record<string, string> = {}, timeout = 2000): Promise<{ status: number; colour: string | null; version: string | null } | null> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, headers, timeout }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, colour: (res.headers['x-ferry-colour'] as string) ?? null, version: (res.headers['x-app-version'] as string) ?? null }),
      );
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}
