import type { CanaryJudged } from '@ferry/pipeline';
import type { RunEvent } from '../../src/store/types.js';
import { taskIn } from './frames.js';

/** A judged step as steps/canary.ts reports it: green (the canary) against blue, three steps. */
export function judged(over: Partial<CanaryJudged> & Pick<CanaryJudged, 'step' | 'weight'>, canary = { requests: 52, failures: 0, p95Ms: 12.5 }): CanaryJudged {
  const figures = { canary, stable: { requests: 470, failures: 0, p95Ms: 10 }, source: 'access log' } as const;
  return { kind: 'canary-judged', steps: 3, extension: 0, startedAt: 1000, endedAt: 5000, colours: { canary: 'green', stable: 'blue' }, figures, verdict: 'pass', ...over };
}

/** A deploy whose canary task passed step 1 (after one extension) and watches step 2, 9 s left. */
export const canaryEvents: RunEvent[] = [
  ...taskIn('rel', 'Deploy v2 on local', 'running'),
  { type: 'added', parentId: 'rel', tasks: [{ id: 'canary', title: 'Canary v2 on green: 50 % of requests', enabled: true }] },
  { type: 'state', id: 'canary', state: 'running', at: 1100 },
  { type: 'progress', id: 'canary', event: { kind: 'canary-step', step: 1, steps: 3, weight: 10, secondsLeft: 0 } },
  { type: 'progress', id: 'canary', event: judged({ step: 1, weight: 10, verdict: 'inconclusive', reason: '12 request(s) reached the canary' }, { requests: 12, failures: 0, p95Ms: 11 }) },
  { type: 'progress', id: 'canary', event: judged({ step: 1, weight: 10, extension: 1 }) },
  { type: 'output', id: 'canary', text: 'step 1+1/3 (10 %): canary green 52 req, 0 failed, p95 12.5 ms · stable blue 470 req, 0 failed, p95 10 ms (access log) → pass' },
  { type: 'progress', id: 'canary', event: { kind: 'canary-step', step: 2, steps: 3, weight: 50, secondsLeft: 9 } },
  { type: 'output', id: 'canary', text: 'step 2/3: 50 % to the canary — 9 s left' },
];
