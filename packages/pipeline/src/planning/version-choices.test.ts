import { describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import type { LedgerEntry } from '../state/ledger.js';
import type { Truth } from '../state/truth.js';
import { versionChoices } from './version-choices.js';

const config = { name: 'staging', app: 'demo', image: { name: 'ferry/demo-app' }, router: { ports: { blue: 1, green: 2 } } } as unknown as EnvironmentConfig;
const container = (colour: 'blue' | 'green', version: string): FerryContainer => ({
  id: `${colour}-id`, name: `demo-staging-${colour}`, app: 'demo', env: 'staging', colour, version,
  image: `ferry/demo-app:${version}`, imageId: 'sha256:x', state: 'running', health: 'healthy', createdAt: '2026-11-24T00:00:00Z',
});
const released = (tag: string, endedAt: string): LedgerEntry => ({
  id: tag, env: 'staging', action: 'deploy', tag, imageId: null, fromColour: null, toColour: null, previousTag: null,
  startedAt: endedAt, endedAt, outcome: 'succeeded', reason: null,
});

describe('versionChoices', () => {
  it('active first, then released newest first, then other local tags; warm/cold/gone for rollbacks', () => {
    const truth: Truth = {
      containers: [container('blue', 'v3'), container('green', 'v2')],
      router: { running: true, configured: { colour: 'blue', port: 1, version: 'v3' }, live: { colour: 'blue', upstream: null, status: 200 } },
    };
    const ledger = [released('v1', 't1'), released('v2', 't2'), released('v3', 't3')];
    const images = [{ tag: 'v4', id: 'a', createdAt: 4 }, { tag: 'v3', id: 'b', createdAt: 3 }, { tag: 'v2', id: 'c', createdAt: 2 }];
    expect(versionChoices(config, truth, ledger, images)).toEqual([
      { tag: 'v3', active: true, rollback: null, deployedAt: 't3', imageLocal: true },
      { tag: 'v2', active: false, rollback: 'warm', deployedAt: 't2', imageLocal: true },
      { tag: 'v1', active: false, rollback: 'gone', deployedAt: 't1', imageLocal: false },
      { tag: 'v4', active: false, rollback: 'cold', deployedAt: null, imageLocal: true },
    ]);
  });
});
