import { describe, expect, it } from 'vitest';
import type { EngineAddress } from './engine-host.js';
import { hostRouterEngineIssue, remoteEngineHost, routerPublicAddress, routerReachIssues } from './router-address.js';

const local: EngineAddress = { kind: 'local' };
const socket: EngineAddress = { kind: 'unix', socketPath: '/run/other.sock' };
const tcp: EngineAddress = { kind: 'tcp', host: '10.0.0.5', port: 2375 };
const ssh: EngineAddress = { kind: 'ssh', host: 'server.example', port: 22, username: 'deploy' };
const tcpLoopback: EngineAddress = { kind: 'tcp', host: '127.0.0.1', port: 2375 };
const wildcard = { host: '0.0.0.0', port: 8080 };
const loopback = { host: '127.0.0.1', port: 8080 };

describe('remoteEngineHost', () => {
  it('is the host of a tcp:// or ssh:// engine elsewhere; null for sockets and loopback', () => {
    expect([local, socket, tcp, ssh, tcpLoopback].map(remoteEngineHost)).toEqual([null, null, '10.0.0.5', 'server.example', null]);
  });
});

describe('routerPublicAddress', () => {
  it('router.public_url wins over everything', () => {
    const publicUrl = { host: 'lb.example', port: 80 };
    for (const engine of [local, tcp]) {
      expect(routerPublicAddress({ runtime: 'container', listen: wildcard, publicUrl }, engine)).toEqual(publicUrl);
      expect(routerPublicAddress({ runtime: 'host', listen: loopback, publicUrl }, engine)).toEqual(publicUrl);
    }
  });

  it('a 0.0.0.0 router container on a remote engine is reached at the engine host with the listen port', () => {
    expect(routerPublicAddress({ runtime: 'container', listen: wildcard }, tcp)).toEqual({ host: '10.0.0.5', port: 8080 });
    expect(routerPublicAddress({ runtime: 'container', listen: wildcard }, ssh)).toEqual({ host: 'server.example', port: 8080 });
  });

  it('a local engine, or the host router (it runs here whatever the engine), is reached on loopback', () => {
    expect(routerPublicAddress({ runtime: 'container', listen: wildcard }, local)).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(routerPublicAddress({ runtime: 'container', listen: wildcard }, tcpLoopback)).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(routerPublicAddress({ runtime: 'host', listen: wildcard }, tcp)).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(routerPublicAddress({ runtime: 'host', listen: { host: '127.0.0.2', port: 81 } }, local)).toEqual({ host: '127.0.0.2', port: 81 });
  });
});

describe('routerReachIssues', () => {
  it('flags only a router container bound to a remote engine\'s loopback without public_url', () => {
    expect(routerReachIssues({ runtime: 'container', listen: loopback }, tcp, 'DOCKER_HOST')).toEqual([
      {
        path: ['router', 'listen'],
        message: "127.0.0.1:8080 is the loopback of the engine's host (tcp://10.0.0.5:2375, from DOCKER_HOST): ferry cannot reach the router there from this machine",
        hint: 'listen on all of its interfaces (listen: 0.0.0.0:8080), or set router/public_url to where this machine reaches it (e.g. an SSH tunnel: public_url: http://127.0.0.1:8080)',
      },
    ]);
    expect(routerReachIssues({ runtime: 'container', listen: loopback, publicUrl: { host: '127.0.0.1', port: 9000 } }, tcp, 'engine.host')).toEqual([]);
    expect(routerReachIssues({ runtime: 'container', listen: wildcard }, tcp, 'engine.host')).toEqual([]);
    expect(routerReachIssues({ runtime: 'container', listen: loopback }, local, 'default')).toEqual([]);
    expect(routerReachIssues({ runtime: 'host', listen: loopback }, tcp, 'engine.host')).toEqual([]);
  });

  it('a public_url scheme that is not the router\'s is flagged: https exactly when router.tls is set', () => {
    const publicUrl = { host: '10.0.0.5', port: 8443, https: false };
    expect(routerReachIssues({ runtime: 'container', listen: wildcard, tls: true, publicUrl }, tcp, 'engine.host')).toEqual([
      { path: ['router', 'public_url'], message: 'should be an https:// URL (router/tls is set: the router serves HTTPS)', hint: 'e.g. public_url: https://10.0.0.5:8443' },
    ]);
    expect(routerReachIssues({ runtime: 'host', listen: loopback, publicUrl: { ...publicUrl, https: true } }, local, 'default')).toEqual([
      { path: ['router', 'public_url'], message: 'should be an http:// URL (the router serves plain HTTP without router/tls)', hint: 'e.g. public_url: http://10.0.0.5:8443' },
    ]);
    expect(routerReachIssues({ runtime: 'container', listen: wildcard, tls: true, publicUrl: { ...publicUrl, https: true } }, tcp, 'engine.host')).toEqual([]);
  });
});

describe('hostRouterEngineIssue', () => {
  it('the host router with an engine on another machine is refused naming router/runtime and the fix; on this machine it is fine', () => {
    expect(hostRouterEngineIssue('host', tcp, 'DOCKER_HOST', '/envs/prod.yaml')).toBe(
      'router/runtime: host in /envs/prod.yaml runs nginx on this machine, but the environment\'s engine is tcp://10.0.0.5:2375 (from DOCKER_HOST), on another machine: ' +
        'this nginx cannot reach the colours there, so nothing was changed; set router/runtime: container (the default: the router runs as a container on that engine, ' +
        'with router/listen e.g. 0.0.0.0:80), or point engine.host/DOCKER_HOST at this machine\'s engine',
    );
    expect(hostRouterEngineIssue('host', ssh, 'engine.host', 'f.yaml')).toContain('ssh://deploy@server.example');
    for (const engine of [local, socket, tcpLoopback]) expect(hostRouterEngineIssue('host', engine, 'engine.host', 'f.yaml')).toBeNull();
    for (const engine of [local, tcp, ssh]) expect(hostRouterEngineIssue('container', engine, 'engine.host', 'f.yaml')).toBeNull();
  });
});
