import { describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/types.js';
import { targetSlot } from '../planning/deploy-plan.js';
import { releaseContainerSpec } from './start.js';

const config = (network: 'bridge' | 'host') =>
  ({
    name: 'staging',
    app: 'demo',
    image: { name: 'ferry/demo-app' },
    container: { port: 3000, network, env: { LOG_LEVEL: 'info' }, secrets: ['DATABASE_URL'] },
    router: { runtime: 'host', ports: { blue: 18181, green: 18182 } },
  }) as unknown as EnvironmentConfig;

const PINNED = `sha256:${'a'.repeat(64)}`;

describe('releaseContainerSpec', () => {
  it('bridge: app listens on container.port, published on the colour port, labels say who it is', () => {
    const c = config('bridge');
    expect(releaseContainerSpec({ config: c, secrets: { DATABASE_URL: 'postgres://u:p@h/db' }, imageId: PINNED }, targetSlot(c, 'green', 'v2'))).toEqual({
      name: 'demo-staging-green',
      image: 'ferry/demo-app:v2',
      imageId: PINNED,
      env: { LOG_LEVEL: 'info', DATABASE_URL: 'postgres://u:p@h/db', FERRY_VERSION: 'v2', FERRY_COLOUR: 'green', FERRY_ENV: 'staging', PORT: '3000' },
      labels: { 'ferry.app': 'demo', 'ferry.env': 'staging', 'ferry.colour': 'green', 'ferry.version': 'v2' },
      network: 'bridge',
      containerPort: 3000,
      hostPort: 18182,
    });
  });

  it('host: the app is given the colour port as PORT', () => {
    const c = config('host');
    expect(releaseContainerSpec({ config: c, secrets: {}, imageId: null }, targetSlot(c, 'blue', 'v1')).env.PORT).toBe('18181');
  });
});
