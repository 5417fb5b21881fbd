import { describe, expect, it } from 'vitest';
import { environmentNetworkName, networkCreateOptions, routerContainerName, routerCreateOptions, routerNetworkMode } from './container-describe.js';

const scope = { app: 'demo', env: 'staging' };

describe('router container descriptions', () => {
  it('names the container and the network after the environment', () => {
    expect(routerContainerName(scope)).toBe('demo-staging-router');
    expect(environmentNetworkName(scope)).toBe('ferry-demo-staging');
  });

  it('a labelled bridge network per environment', () => {
    expect(networkCreateOptions(scope)).toEqual({
      Name: 'ferry-demo-staging',
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: { 'ferry.app': 'demo', 'ferry.env': 'staging' },
    });
  });

  it('the router: labelled, restarts by itself, stops gracefully, bounded logs, listen published, on the network, reusing TIME_WAIT ports', () => {
    expect(routerCreateOptions({ ...scope, image: 'nginx:1.27-alpine', listen: { host: '0.0.0.0', port: 8080 }, previewToken: 'abc' })).toEqual({
      name: 'demo-staging-router',
      Image: 'nginx:1.27-alpine',
      Labels: { 'ferry.app': 'demo', 'ferry.env': 'staging', 'ferry.role': 'router', 'ferry.router.preview': 'abc' },
      StopSignal: 'SIGQUIT',
      ExposedPorts: { '80/tcp': {} },
      HostConfig: {
        RestartPolicy: { Name: 'unless-stopped' },
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
        NetworkMode: 'ferry-demo-staging',
        PortBindings: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] },
        Sysctls: { 'net.ipv4.tcp_tw_reuse': '1' },
      },
    });
  });

  it('apps on container/network host: the router in the host network namespace, nothing published, no sysctl (it binds router/listen itself)', () => {
    expect(routerCreateOptions({ ...scope, image: 'ferry/router:local', listen: { host: '127.0.0.1', port: 8080 }, previewToken: 'abc', hostNetwork: true })).toEqual({
      name: 'demo-staging-router',
      Image: 'ferry/router:local',
      Labels: { 'ferry.app': 'demo', 'ferry.env': 'staging', 'ferry.role': 'router', 'ferry.router.preview': 'abc' },
      StopSignal: 'SIGQUIT',
      HostConfig: {
        RestartPolicy: { Name: 'unless-stopped' },
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
        NetworkMode: 'host',
      },
    });
    expect(routerNetworkMode({ ...scope, hostNetwork: true })).toBe('host');
    expect(routerNetworkMode(scope)).toBe('ferry-demo-staging');
  });

  it('a takeover stages a second router under its own name, everything else the same', () => {
    const staged = routerCreateOptions({ ...scope, image: 'nginx:1.27-alpine', listen: { host: '127.0.0.1', port: 40001 }, previewToken: 'abc', name: 'demo-staging-router-takeover' });
    const final = routerCreateOptions({ ...scope, image: 'nginx:1.27-alpine', listen: { host: '127.0.0.1', port: 40001 }, previewToken: 'abc' });
    expect(staged).toEqual({ ...final, name: 'demo-staging-router-takeover' });
  });
});
