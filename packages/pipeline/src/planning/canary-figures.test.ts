import { describe, expect, it } from 'vitest';
import { stepFigures } from './canary-figures.js';

describe('stepFigures', () => {
  it('counts only the step window, per colour, and leaves unanswered requests out of both', () => {
    const samples = [
      { at: 999, ms: 50, ok: false, colour: 'green' }, // before the step
      { at: 1000, ms: 2, ok: true, colour: 'green' },
      { at: 1500, ms: 8, ok: false, colour: 'green' },
      { at: 1600, ms: 3, ok: true, colour: 'blue' },
      { at: 1700, ms: 4000, ok: false }, // nothing answered
      { at: 2000, ms: 1, ok: true, colour: 'green' }, // after it
    ];
    expect(stepFigures(samples, { canary: 'green', stable: 'blue' }, 1000, 2000, 'probe')).toEqual({
      canary: { requests: 2, failures: 1, p95Ms: 8 },
      stable: { requests: 1, failures: 0, p95Ms: 3 },
      source: 'probe',
    });
  });
});
