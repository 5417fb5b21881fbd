import { describe, expect, it } from 'vitest';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import { renderContainerUpstreamConf, withServingMarker } from '../ports/router/container-config.js';
import { ContainerRouter, type ContainerRouterOptions } from '../ports/router/container-router.js';
import { NginxRouter } from '../ports/router/nginx.js';
import { renderUpstreamConf } from '../ports/router/nginx-config.js';
import { activeInUpstream } from './ports.js';

const listen = { host: '127.0.0.1', port: 8080 };
const common = { app: 'demo', env: 'staging', listen, drainMs: 1000 };
const upstreams = { blue: { host: 'demo-staging-blue', port: 3000 }, green: { host: 'demo-staging-green', port: 3000 } };
const target = { colour: 'green' as const, port: 3000, version: 'v7' };

describe('activeInUpstream: the plan reads the upstream file once and derives what readActive would', () => {
  it('reads the container router file the container adapter writes, headed by what its live link serves (readUpstreamText)', () => {
    const router = new ContainerRouter({} as DockerEngine, { ...common, image: 'nginx', upstreams } as ContainerRouterOptions);
    const both = renderContainerUpstreamConf({ blue: { ...target, colour: 'blue', version: 'v6' }, green: target }, ['green'], upstreams, 'tok');
    expect(activeInUpstream(router, withServingMarker(both, '/etc/nginx/ferry-colours/green'))).toEqual(target);
    expect(activeInUpstream(router, withServingMarker(both, '/etc/nginx/ferry-colours/blue'))).toEqual({ ...target, colour: 'blue', version: 'v6' });
    expect(activeInUpstream(router, withServingMarker(renderContainerUpstreamConf(null, [], upstreams, 'tok'), null))).toBeNull();
  });

  it('reads the host router file the nginx adapter writes', () => {
    const router = new NginxRouter({ ...common, stateDir: '/nonexistent' });
    expect(activeInUpstream(router, renderUpstreamConf({ colour: 'blue', port: 41001, version: 'v1' }))).toEqual({ colour: 'blue', port: 41001, version: 'v1' });
    expect(activeInUpstream(router, renderUpstreamConf(null))).toBeNull();
  });

  it('no file (a router never configured) is no active colour; a file that is not Ferry\'s is an error, as readActive says', () => {
    const router = new NginxRouter({ ...common, stateDir: '/nonexistent' });
    expect(activeInUpstream(router, null)).toBeNull();
    expect(() => activeInUpstream(router, 'upstream x { server 1.2.3.4; }\n')).toThrow(/not Ferry's: its first line is no marker.*`ferry repair`/);
  });
});
