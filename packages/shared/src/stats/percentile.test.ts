import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';

describe('percentile (p from 0 to 100, values in any order)', () => {
  it('nearest rank by default: the smallest value with at least p% at or below it', () => {
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
    expect(percentile(Array.from({ length: 50 }, (_, i) => i + 1), 95)).toBe(48); // ceil(47.5) = 48th
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([7], 1)).toBe(7);
  });

  it("linear: k6's interpolation between the closest ranks, rank = p/100 × (n − 1)", () => {
    const values = [50, 10, 40, 20, 30];
    expect([0, 25, 50, 90, 95, 100].map((p) => percentile(values, p, 'linear'))).toEqual([10, 20, 30, 46, 48, 50]);
    expect(percentile([7], 95, 'linear')).toBe(7);
  });

  it('no values → 0 (an empty second, a run with no responses); p outside [0, 100] is a programming error', () => {
    expect(percentile([], 95)).toBe(0);
    expect(percentile([], 95, 'linear')).toBe(0);
    expect(() => percentile([1], 101)).toThrow('percentile 101 is outside [0, 100]');
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('leaves the caller’s array as it was', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});
