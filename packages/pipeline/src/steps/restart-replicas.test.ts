import { describe, expect, it } from 'vitest';
import type { FerryContainer } from '../ports/docker/types.js';
import { stoppedReplicas } from './restart-replicas.js';

const container = (name: string, colour: 'blue' | 'green', version: string, state: string): FerryContainer => ({
  id: `id-${name}`, name, app: 'shop', env: 'staging', colour, version, image: `shop:${version}`, imageId: 'sha256:1', state, health: 'none', createdAt: '',
});

describe('the serving replicas a rolling update stopped', () => {
  it('are those of the serving colour and version not running; the new colour and other versions are not', () => {
    const found = stoppedReplicas(
      [
        container('shop-staging-green', 'green', 'v3', 'exited'),
        container('shop-staging-green-2', 'green', 'v3', 'running'),
        container('shop-staging-green-3', 'green', 'v2', 'exited'),
        container('shop-staging-blue', 'blue', 'v3', 'exited'),
      ],
      { colour: 'green', version: 'v3' },
    );
    expect(found.map((c) => c.name)).toEqual(['shop-staging-green']);
  });
});
