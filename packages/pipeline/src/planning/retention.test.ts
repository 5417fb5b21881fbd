import { describe, expect, it } from 'vitest';
import { containerHolds, describePruning, EVERY_TAG, planRetention, rollbackTargetHolds } from './retention.js';

describe('planRetention', () => {
  it('keeps the newest `retain` releases and never touches tags ferry did not release', () => {
    expect(planRetention({ localTags: ['v1', 'v2', 'v3', 'v4', 'v5', 'hand-built'], releasedNewestFirst: ['v5', 'v4', 'v3', 'v2', 'v1'], retain: 2, holds: [] })).toEqual({
      prune: ['v1', 'v2', 'v3'],
      kept: [],
    });
  });

  it('counts a re-released tag (a rollback) once', () => {
    expect(planRetention({ localTags: ['v1', 'v2', 'v3'], releasedNewestFirst: ['v2', 'v2', 'v3', 'v1'], retain: 3, holds: [] }).prune).toEqual([]);
    expect(planRetention({ localTags: ['v1', 'v2', 'v3'], releasedNewestFirst: ['v2', 'v2', 'v3', 'v1'], retain: 2, holds: [] }).prune).toEqual(['v1']);
  });

  it('keeps a held tag past `retain` and names every reason once', () => {
    const holds = [
      { tag: 'v1', reason: 'in use by container shop-production-blue (running) of app shop, environment production' },
      { tag: 'v1', reason: 'a rollback target of environment production (one of its 5 newest releases)' },
      { tag: 'v1', reason: 'a rollback target of environment production (one of its 5 newest releases)' },
      { tag: 'v9', reason: 'held but never released here: irrelevant' },
    ];
    expect(planRetention({ localTags: ['v1', 'v2', 'v3'], releasedNewestFirst: ['v3', 'v2', 'v1'], retain: 1, holds })).toEqual({
      prune: ['v2'],
      kept: [
        {
          tag: 'v1',
          reason: 'in use by container shop-production-blue (running) of app shop, environment production; a rollback target of environment production (one of its 5 newest releases)',
        },
      ],
    });
  });

  it('a hold on every tag (an environment whose history cannot be read) keeps every candidate', () => {
    const holds = [{ tag: EVERY_TAG, reason: 'the rollback targets of environment production are unknown (EACCES)' }];
    expect(planRetention({ localTags: ['v1', 'v2', 'v3'], releasedNewestFirst: ['v3', 'v2', 'v1'], retain: 1, holds })).toEqual({
      prune: [],
      kept: [
        { tag: 'v1', reason: 'the rollback targets of environment production are unknown (EACCES)' },
        { tag: 'v2', reason: 'the rollback targets of environment production are unknown (EACCES)' },
      ],
    });
  });
});

describe('holds', () => {
  it('every container created from a tag of the image holds that tag, whatever its app, environment or state', () => {
    const containers = [
      { name: 'shop-staging-green', app: 'shop', env: 'staging', state: 'running', image: 'acme/shop:v3' },
      { name: 'shop-production-blue', app: 'shop', env: 'production', state: 'exited', image: 'acme/shop:v1' },
      { name: 'other-x-blue', app: 'other', env: 'x', state: 'running', image: 'acme/shop-admin:v1' },
      { name: 'moved-tag', app: 'shop', env: 'qa', state: 'running', image: 'sha256:0123abcd' },
    ];
    expect(containerHolds('acme/shop', containers)).toEqual([
      { tag: 'v3', reason: 'in use by container shop-staging-green (running) of app shop, environment staging' },
      { tag: 'v1', reason: 'in use by container shop-production-blue (exited) of app shop, environment production' },
    ]);
  });

  it("another environment's `retain` newest releases are its rollback targets", () => {
    expect(rollbackTargetHolds('production', ['v4', 'v4', 'v3', 'v2', 'v1'], 2)).toEqual([
      { tag: 'v4', reason: 'a rollback target of environment production (one of its 2 newest releases)' },
      { tag: 'v3', reason: 'a rollback target of environment production (one of its 2 newest releases)' },
    ]);
  });
});

describe('describePruning', () => {
  it('names only what was removed, then each kept tag with its reason', () => {
    expect(describePruning(['v2', 'v3'], [{ tag: 'v1', reason: 'in use by container a-b-blue (running) of app a, environment b' }])).toEqual([
      'removed old images: v2, v3',
      'kept v1: in use by container a-b-blue (running) of app a, environment b',
    ]);
    expect(describePruning([], [])).toEqual([]);
  });
});
