import { describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/types.js';
import { oneOffSpec } from './one-off.js';

const config = {
  name: 'staging',
  app: 'demo',
  image: { name: 'ferry/demo-app' },
  container: { port: 3000, network: 'host', env: { LOG_LEVEL: 'info' }, secrets: ['DATABASE_URL'] },
} as unknown as EnvironmentConfig;

const PINNED = `sha256:${'a'.repeat(64)}`;

describe('oneOffSpec', () => {
  it('runs the command in the release image with plain env, secrets and FERRY_*; labels keep it out of status', () => {
    const spec = oneOffSpec(config, { tag: 'v2', imageId: PINNED, releaseId: 'R20261124A', kind: 'migrate', cmd: ['node', 'migrate.js', 'up'], secrets: { DATABASE_URL: 'postgres://x' } });
    expect(spec).toEqual({
      name: 'demo-staging-migrate-r20261124a',
      image: 'ferry/demo-app:v2',
      imageId: PINNED,
      cmd: ['node', 'migrate.js', 'up'],
      env: { LOG_LEVEL: 'info', DATABASE_URL: 'postgres://x', FERRY_ENV: 'staging', FERRY_VERSION: 'v2' },
      labels: { 'ferry.one-off': 'migrate', 'ferry.one-off.target': 'demo/staging/v2' },
      network: 'host',
    });
  });
});
