import { createRequire } from 'node:module';
import { Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { deferredFiles } from './defer-modules.js';

const require = createRequire(import.meta.url);
const loaded = (part: string) => Object.keys(require.cache).some((file) => file.includes(part));

describe('dockerode loads without gRPC and ssh2 until they are used', () => {
  it('defers exactly dockerode/lib/session.js and docker-modem/lib/ssh.js', () => {
    const files = deferredFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/\/dockerode\/lib\/session\.js$/);
    expect(files[1]).toMatch(/\/docker-modem\/lib\/ssh\.js$/);
  });

  it('a Dockerode client is made without loading them; the ssh stand-in loads ssh2 when called and answers as the real one', async () => {
    await import('./docker-engine.js');
    const Dockerode = require('dockerode');
    new Dockerode({ socketPath: '/nonexistent.sock' });
    expect(loaded('/@grpc/')).toBe(false);
    expect(loaded('/ssh2/')).toBe(false);
    const ssh = require(deferredFiles()[1]!) as (opt: object) => unknown;
    expect(ssh({ host: 'example.invalid' })).toBeInstanceOf(Agent); // nothing connects until a request
    expect(loaded('/ssh2/')).toBe(true);
    const session = require(deferredFiles()[0]!) as (...args: unknown[]) => unknown;
    expect(typeof session).toBe('function');
  });
});
