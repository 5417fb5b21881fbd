import { describe, expect, it } from 'vitest';
import type { EngineConfig, EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { assertDeliverable, deliveryProblem, deliversThroughRegistry, registryRefs } from './image-delivery.js';

const REMOTE: EngineConfig = { host: { kind: 'tcp', host: '10.0.0.5', port: 2375 }, source: 'engine.host', build: { kind: 'local' } };
const LOCAL: EngineConfig = { host: { kind: 'unix', socketPath: '/var/run/docker.sock' }, source: 'engine.host', build: { kind: 'local' } };

function config(engine: EngineConfig, registry?: { url: string }): EnvironmentConfig {
  return { file: '/srv/environments/staging.yaml', engine, image: { name: 'team/web', ...(registry && { registry }) } } as EnvironmentConfig;
}

describe('image delivery', () => {
  it('only another engine than the build engine needs the registry', () => {
    expect(deliversThroughRegistry(config(REMOTE))).toBe(true);
    expect(deliversThroughRegistry(config(LOCAL))).toBe(false);
    expect(deliveryProblem(config(LOCAL))).toBeNull();
    expect(deliveryProblem(config(REMOTE, { url: '10.0.0.1:5000' }))).toBeNull();
  });

  it('a remote engine without image.registry names the key, both engines and the fix', () => {
    expect(deliveryProblem(config(REMOTE))).toBe(
      '/srv/environments/staging.yaml image/registry: required when the environment\'s engine (tcp://10.0.0.5:2375, from engine.host) is not the build engine (unix:///var/run/docker.sock): ' +
        'images are built there, pushed to image.registry and pulled by tcp://10.0.0.5:2375. Add image: { registry: { url: host:port } } (a registry both engines reach), ' +
        'or build on that engine with DOCKER_HOST=tcp://10.0.0.5:2375',
    );
  });

  it('assertDeliverable stops the command with exit 2 only when the image cannot get there', () => {
    expect(() => assertDeliverable(config(REMOTE))).toThrow(ConfigError);
    expect(() => assertDeliverable(config(REMOTE))).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => assertDeliverable(config(REMOTE, { url: '10.0.0.1:5000' }))).not.toThrow();
    expect(() => assertDeliverable(config(LOCAL))).not.toThrow();
  });

  it('the engine pulls the pushed digest when the push reported one, else the pushed tag', () => {
    const c = config(REMOTE, { url: '10.0.0.1:5000' });
    expect(registryRefs(c, 'v1', 'sha256:abc')).toEqual({ pushed: '10.0.0.1:5000/team/web:v1', pull: '10.0.0.1:5000/team/web@sha256:abc' });
    expect(registryRefs(c, 'v1')).toEqual({ pushed: '10.0.0.1:5000/team/web:v1', pull: '10.0.0.1:5000/team/web:v1' });
  });
});
