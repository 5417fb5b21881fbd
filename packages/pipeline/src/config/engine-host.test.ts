import { describe, expect, it } from 'vitest';
import { engineHostText, parseEngineHost, sameEngine } from './engine-host.js';

describe('parseEngineHost', () => {
  it.each([
    ['/run/docker-h1.sock', { kind: 'unix', socketPath: '/run/docker-h1.sock' }],
    ['unix:///var/run/docker.sock', { kind: 'unix', socketPath: '/var/run/docker.sock' }],
    ['tcp://10.0.0.5:2375', { kind: 'tcp', host: '10.0.0.5', port: 2375 }],
    ['tcp://[fd00::5]:2376', { kind: 'tcp', host: 'fd00::5', port: 2376 }],
    ['ssh://deploy@server.example', { kind: 'ssh', host: 'server.example', port: 22, username: 'deploy' }],
    ['ssh://server.example:2222', { kind: 'ssh', host: 'server.example', port: 2222 }],
  ])('%s', (text, address) => {
    expect(parseEngineHost(text)).toEqual(address);
  });

  it.each([
    ['10.0.0.5:2375', /should be a Docker engine address/],
    ['http://10.0.0.5:2375', /scheme http:\/\/ is not supported/],
    ['tcp://10.0.0.5', /needs a port/],
    ['tcp://10.0.0.5:99999', /not a valid URL/],
    ['tcp://10.0.0.5:2375/v1.41', /no path/],
    ['unix://relative.sock', /absolute socket path/],
    ['ssh://deploy:secret@server', /should not hold a password/],
    ['', /should be a Docker engine address/],
  ])('refuses %j', (text, problem) => {
    const parsed = parseEngineHost(text);
    expect(parsed).toHaveProperty('problem');
    expect((parsed as { problem: string }).problem).toMatch(problem);
  });
});

describe('engineHostText and sameEngine', () => {
  it('writes each address back as a user would', () => {
    expect(engineHostText({ kind: 'tcp', host: 'fd00::5', port: 2376 })).toBe('tcp://[fd00::5]:2376');
    expect(engineHostText({ kind: 'ssh', host: 's', port: 22, username: 'u' })).toBe('ssh://u@s:22');
  });

  it('the default engine is the default socket; other engines differ', () => {
    expect(sameEngine({ kind: 'local' }, { kind: 'unix', socketPath: '/var/run/docker.sock' })).toBe(true);
    expect(sameEngine({ kind: 'local' }, { kind: 'tcp', host: '10.0.0.5', port: 2375 })).toBe(false);
    expect(sameEngine({ kind: 'tcp', host: 'a', port: 2375 }, { kind: 'tcp', host: 'a', port: 2376 })).toBe(false);
  });
});
