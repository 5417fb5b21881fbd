import { describe, expect, it } from 'vitest';
import { engineOptions } from './engine-options.js';

const none = { socketPath: undefined, host: undefined, port: undefined, protocol: undefined };

describe('engineOptions', () => {
  it('the default engine leaves the socket search to docker-modem', () => {
    expect(engineOptions({ kind: 'local' }, {})).toEqual({});
  });

  it('a unix socket clears every tcp key DOCKER_HOST might have set', () => {
    const options = engineOptions({ kind: 'unix', socketPath: '/run/docker-h1.sock' }, {});
    expect(options).toStrictEqual({ ...none, socketPath: '/run/docker-h1.sock' });
    expect(Object.keys(options)).toEqual(['socketPath', 'host', 'port', 'protocol']);
  });

  it('tcp is plain http unless TLS is asked for, as the docker CLI decides', () => {
    expect(engineOptions({ kind: 'tcp', host: '10.0.0.5', port: 2375 }, { DOCKER_CERT_PATH: '/certs' })).toStrictEqual({ ...none, host: '10.0.0.5', port: 2375, protocol: 'http' });
    expect(engineOptions({ kind: 'tcp', host: '10.0.0.5', port: 2376 }, { DOCKER_CERT_PATH: '/certs' })).toStrictEqual({
      ...none,
      host: '10.0.0.5',
      port: 2376,
      protocol: 'https',
      certPath: '/certs',
    });
    expect(engineOptions({ kind: 'tcp', host: 'h', port: 9000 }, { DOCKER_TLS_VERIFY: '1' })).toStrictEqual({ ...none, host: 'h', port: 9000, protocol: 'https' });
  });

  it('ssh: HTTP over an ssh login with the agent and ssh\'s default identities, checked against ~/.ssh/known_hosts', () => {
    expect(engineOptions({ kind: 'ssh', host: 'server', port: 22, username: 'deploy' }, { SSH_AUTH_SOCK: '/tmp/agent.sock', HOME: '/home/me' })).toStrictEqual({
      ...none,
      protocol: 'http',
      host: 'server',
      port: 22,
      ssh: {
        username: 'deploy',
        agent: '/tmp/agent.sock',
        keyFiles: { from: 'default', files: ['/home/me/.ssh/id_ed25519', '/home/me/.ssh/id_ecdsa', '/home/me/.ssh/id_rsa'] },
        knownHosts: '/home/me/.ssh/known_hosts',
      },
    });
  });

  it('FERRY_SSH_KEY_FILE names the one key file instead of the defaults; without an agent none is offered', () => {
    expect(engineOptions({ kind: 'ssh', host: 'server', port: 2222 }, { FERRY_SSH_KEY_FILE: '/run/secrets/deploy_key', HOME: '/root' })).toStrictEqual({
      ...none,
      protocol: 'http',
      host: 'server',
      port: 2222,
      ssh: { username: undefined, agent: undefined, keyFiles: { from: 'FERRY_SSH_KEY_FILE', file: '/run/secrets/deploy_key' }, knownHosts: '/root/.ssh/known_hosts' },
    });
  });
});
