import { describe, expect, it } from 'vitest';
import { nextStreak } from './failure-streak.js';

describe('nextStreak', () => {
  it('fails only when the failures in a row reach the threshold', () => {
    expect(nextStreak(0, false, 3)).toEqual({ count: 1, failed: false });
    expect(nextStreak(1, false, 3)).toEqual({ count: 2, failed: false });
    expect(nextStreak(2, false, 3)).toEqual({ count: 3, failed: true });
  });

  it('a success resets the streak', () => {
    expect(nextStreak(2, true, 3)).toEqual({ count: 0, failed: false });
  });

  it('threshold 1 fails on the first failure', () => {
    expect(nextStreak(0, false, 1)).toEqual({ count: 1, failed: true });
  });
});
