import { describe, expect, it } from 'vitest';
import type { CanaryConfig } from '../config/types.js';
import { afterPassed, firstAction, nextAction, weightAfterPassing } from './canary-progress.js';

const config: CanaryConfig = {
  steps: [
    { weight: 10, durationMs: 30_000, pause: false },
    { weight: 50, durationMs: 60_000, pause: true },
  ],
  analysis: { maxErrorRate: 0.01, minRequests: 50, maxExtensions: 1 },
};
const pass = { kind: 'pass', checks: [] } as const;
const inconclusive = { kind: 'inconclusive', reason: '3 request(s) reached the canary in this step, fewer than analysis.min_requests (50)', advice: 'Send more traffic, lower analysis.min_requests or lengthen step_duration' } as const;

describe('canary progress', () => {
  it('starts at the first step, or promotes when no step is below 100', () => {
    expect(firstAction(config)).toEqual({ kind: 'watch', position: { step: 0, extensions: 0 }, weight: 10, durationMs: 30_000 });
    expect(firstAction({ ...config, steps: [] })).toEqual({ kind: 'promote' });
  });

  it('goes to the next step after a pass, pauses on a pause step, promotes after the last', () => {
    expect(nextAction(config, { step: 0, extensions: 0 }, pass)).toEqual({ kind: 'watch', position: { step: 1, extensions: 0 }, weight: 50, durationMs: 60_000 });
    expect(nextAction(config, { step: 1, extensions: 0 }, pass)).toEqual({ kind: 'pause', position: { step: 1, extensions: 0 }, weight: 50 });
    expect(afterPassed(config, { step: 1, extensions: 0 })).toEqual({ kind: 'promote' });
  });

  it('extends an inconclusive step up to max_extensions, then aborts naming min_requests', () => {
    expect(nextAction(config, { step: 0, extensions: 0 }, inconclusive)).toEqual({ kind: 'watch', position: { step: 0, extensions: 1 }, weight: 10, durationMs: 30_000 });
    expect(nextAction(config, { step: 0, extensions: 1 }, inconclusive)).toEqual({
      kind: 'abort',
      reason: 'step 1 (10 %) is inconclusive after 1 extension(s) (analysis.max_extensions): 3 request(s) reached the canary in this step, fewer than analysis.min_requests (50). Send more traffic, lower analysis.min_requests or lengthen step_duration',
    });
  });

  it('the weight a passed step leads to (what is tested ahead while it is held); null before the switch', () => {
    expect(weightAfterPassing(config, { step: 0, extensions: 0 })).toBe(50);
    expect(weightAfterPassing(config, { step: 0, extensions: 1 })).toBe(50);
    expect(weightAfterPassing(config, { step: 1, extensions: 0 })).toBeNull();
  });

  it('aborts a failed step with the analysis reason', () => {
    expect(nextAction(config, { step: 0, extensions: 0 }, { kind: 'fail', checks: [], reason: 'error rate 5.0 %' })).toEqual({ kind: 'abort', reason: 'step 1 (10 %) failed its analysis: error rate 5.0 %' });
  });
});
