import { describe, expect, it } from 'vitest';
import { planRolling, rollingPercent } from './rolling-plan.js';

describe('planRolling', () => {
  it('3 replicas one at a time: each batch starts one new and retires one old', () => {
    expect(planRolling([1, 2, 3], 3, 1)).toEqual([
      { batch: 1, start: [1], retire: [1] },
      { batch: 2, start: [2], retire: [2] },
      { batch: 3, start: [3], retire: [3] },
    ]);
  });

  it('batches of 2 of 3: the last batch is what is left', () => {
    expect(planRolling([1, 2, 3], 3, 2)).toEqual([
      { batch: 1, start: [1, 2], retire: [1, 2] },
      { batch: 2, start: [3], retire: [3] },
    ]);
  });

  it('the old colour ran more replicas than the target: the extra ones go with the first batch; fewer: none retire early', () => {
    expect(planRolling([1, 2, 3, 4], 2, 1)).toEqual([
      { batch: 1, start: [1], retire: [1, 2, 3] },
      { batch: 2, start: [2], retire: [4] },
    ]);
    expect(planRolling([1], 3, 1)).toEqual([
      { batch: 1, start: [1], retire: [] },
      { batch: 2, start: [2], retire: [] },
      { batch: 3, start: [3], retire: [1] },
    ]);
  });

  it('the share is the new replicas among all serving', () => {
    expect([rollingPercent(1, 3), rollingPercent(1, 2), rollingPercent(2, 1), rollingPercent(3, 0)]).toEqual([25, 33, 67, 100]);
  });
});
