import { describe, expect, it } from 'vitest';
import type { CanaryAnalysis } from '../config/types.js';
import { judgeStep } from './canary-analysis.js';
import type { StepFigures } from './canary-figures.js';

const analysis: CanaryAnalysis = { maxErrorRate: 0.01, minRequests: 50, maxExtensions: 2 };
const figures = (canary: [number, number, number], stable: [number, number, number] = [900, 0, 5]): StepFigures => ({
  canary: { requests: canary[0], failures: canary[1], p95Ms: canary[2] },
  stable: { requests: stable[0], failures: stable[1], p95Ms: stable[2] },
  source: 'probe',
});

describe('judgeStep', () => {
  it('passes a canary within every limit and lists each check', () => {
    expect(judgeStep(figures([100, 1, 6]), { ...analysis, maxP95Ms: 300, maxP95Ratio: 1.5 })).toEqual({
      kind: 'pass',
      checks: [
        { name: 'error rate', value: 0.01, limit: 0.01, passed: true, text: 'error rate 1.0 % (1 of 100 canary requests), limit analysis.max_error_rate 1.0 %' },
        { name: 'p95', value: 6, limit: 300, passed: true, text: 'canary p95 6 ms, limit analysis.max_p95_ms 300 ms' },
        { name: 'p95 ratio', value: 1.2, limit: 1.5, passed: true, text: 'canary p95 6 ms / stable p95 5 ms = 1.20, limit analysis.max_p95_ratio 1.5' },
      ],
    });
  });

  it('fails an error rate over the limit and says which check', () => {
    const verdict = judgeStep(figures([100, 5, 6]), analysis);
    expect(verdict).toEqual({ kind: 'fail', checks: [expect.objectContaining({ name: 'error rate', passed: false })], reason: 'error rate 5.0 % (5 of 100 canary requests), limit analysis.max_error_rate 1.0 %' });
  });

  it('fails a p95 over max_p95_ms and a ratio over max_p95_ratio, naming both', () => {
    const verdict = judgeStep(figures([100, 0, 400], [900, 0, 100]), { ...analysis, maxP95Ms: 300, maxP95Ratio: 1.5 });
    expect(verdict.kind).toBe('fail');
    expect(verdict.kind === 'fail' && verdict.reason).toBe('canary p95 400 ms, limit analysis.max_p95_ms 300 ms; canary p95 400 ms / stable p95 100 ms = 4.00, limit analysis.max_p95_ratio 1.5');
  });

  it('is inconclusive, never a pass, with fewer canary requests than min_requests, even with none failing', () => {
    expect(judgeStep(figures([49, 0, 1]), analysis)).toEqual({ kind: 'inconclusive', reason: '49 request(s) reached the canary in this step, fewer than analysis.min_requests (50)', advice: 'Send more traffic, lower analysis.min_requests or lengthen step_duration' });
  });

  it('is inconclusive when the ratio would compare against too few stable answers', () => {
    expect(judgeStep(figures([60, 0, 5], [10, 0, 5]), { ...analysis, maxP95Ratio: 1.5 }).kind).toBe('inconclusive');
  });

  it('passes exactly at the limit and fails just over it', () => {
    expect(judgeStep(figures([200, 2, 5]), analysis).kind).toBe('pass');
    expect(judgeStep(figures([200, 3, 5]), analysis).kind).toBe('fail');
  });
});
