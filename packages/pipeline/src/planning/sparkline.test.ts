import { describe, expect, it } from 'vitest';
import { downsample, failureSparkline, sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('is empty for no values', () => {
    expect(sparkline([], { width: 10 })).toBe('');
  });

  it('maps the range onto the eight bars', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], { width: 20 })).toBe('▁▂▃▄▅▆▇█');
  });

  it('draws a flat baseline when all values are equal', () => {
    expect(sparkline([42, 42, 42, 42], { width: 10 })).toBe('▁▁▁▁');
    expect(sparkline([0, 0, 0], { width: 10 })).toBe('▁▁▁');
  });

  it('rounds to the nearest bar', () => {
    expect(sparkline([0, 50, 100], { width: 10 })).toBe('▁▅█');
  });

  it('honours a fixed min and max and clamps outside values', () => {
    expect(sparkline([0, 10, 20, 100], { width: 10, min: 0, max: 20 })).toBe('▁▅██');
    expect(sparkline([5, 5], { width: 10, min: 0, max: 10 })).toBe('▅▅');
  });

  it('downsamples to the width keeping the maximum of each bucket', () => {
    expect(downsample([1, 9, 2, 2, 3, 1, 0, 8], 4)).toEqual([9, 2, 3, 8]);
    expect(sparkline([1, 9, 2, 2, 3, 1, 0, 8], { width: 4, min: 0, max: 8 })).toBe('█▃▄█');
  });

  it('keeps a single spike when shrinking a long series', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i === 57 ? 500 : 10));
    expect(sparkline(values, { width: 10 })).toBe('▁▁▁▁▁█▁▁▁▁');
  });

  it('gives nothing for a zero width', () => {
    expect(sparkline([1, 2, 3], { width: 0 })).toBe('');
  });

  it('treats non-finite samples as zero', () => {
    expect(sparkline([Number.NaN, 7, Number.POSITIVE_INFINITY], { width: 5 })).toBe('▁█▁');
  });
});

describe('failureSparkline', () => {
  it('shows a clean run as a flat dotted line', () => {
    expect(failureSparkline([0, 0, 0, 0, 0], { width: 10 })).toBe('·····');
  });

  it('shows even a single failure as a bar distinct from zero', () => {
    expect(failureSparkline([0, 1, 0, 0], { width: 10 })).toBe('·█··');
    expect(failureSparkline([0, 1, 20, 0], { width: 10 })).toBe('·▁█·');
  });

  it('downsamples with the bucket maximum so a failing second is never hidden', () => {
    expect(failureSparkline([0, 0, 0, 3, 0, 0], { width: 3 })).toBe('·█·');
  });

  it('is empty for no values', () => {
    expect(failureSparkline([], { width: 10 })).toBe('');
  });
});
