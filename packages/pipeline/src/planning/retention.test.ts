import { describe, expect, it } from 'vitest';
import { tagsToPrune } from './retention.js';

describe('tagsToPrune', () => {
  it('keeps the newest `retain` releases and tags in use, and never touches tags ferry did not release', () => {
    expect(tagsToPrune({ localTags: ['v1', 'v2', 'v3', 'v4', 'v5', 'hand-built'], releasedNewestFirst: ['v5', 'v4', 'v3', 'v2', 'v1'], inUse: ['v5', 'v1'], retain: 2 })).toEqual(['v2', 'v3']);
  });

  it('counts a re-released tag (a rollback) once', () => {
    expect(tagsToPrune({ localTags: ['v1', 'v2', 'v3'], releasedNewestFirst: ['v2', 'v2', 'v3', 'v1'], inUse: ['v2'], retain: 3 })).toEqual([]);
    expect(tagsToPrune({ localTags: ['v1', 'v2', 'v3'], releasedNewestFirst: ['v2', 'v2', 'v3', 'v1'], inUse: ['v2'], retain: 2 })).toEqual(['v1']);
  });
});
