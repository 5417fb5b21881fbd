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

  it('replicas on the environment\'s network: each its own name, all answering to the colour\'s, each to <colour name>-<n>', () => {
    const c = { ...config('bridge'), container: { ...config('bridge').container, replicas: 3 }, router: { runtime: 'container' } } as unknown as EnvironmentConfig;
    const slot = targetSlot(c, 'green', 'v2');
    expect(slot.replicas).toEqual(['demo-staging-green', 'demo-staging-green-2', 'demo-staging-green-3']);
    const spec = (replica: number) => releaseContainerSpec({ config: c, secrets: {}, imageId: PINNED }, slot, 'ferry-demo-staging', replica);
    expect([1, 2, 3].map((replica) => [spec(replica).name, spec(replica).aliases])).toEqual([
      ['demo-staging-green', ['demo-staging-green-1']],
      ['demo-staging-green-2', ['demo-staging-green']],
      ['demo-staging-green-3', ['demo-staging-green']],
    ]);
    // one replica keeps the shape it always had: no alias at all
    expect(releaseContainerSpec({ config: config('bridge'), secrets: {}, imageId: PINNED }, targetSlot(config('bridge'), 'green', 'v2'), 'ferry-demo-staging').aliases).toBeUndefined();
  });
});
