// Pure: what a canary does after a step's verdict: the next weight, the same step held longer, a pause for
// `ferry promote`, the switch to 100 %, or the abort.
import type { CanaryConfig } from '../config/types.js';
import type { StepVerdict } from './canary-analysis.js';

/** Where a canary is: the index of the step being watched and how often it was extended. */
export interface CanaryPosition {
  step: number;
  extensions: number;
}

export type CanaryAction =
  | { kind: 'watch'; position: CanaryPosition; weight: number; durationMs: number }
  | { kind: 'pause'; position: CanaryPosition; weight: number } // held until `ferry promote` or `ferry abort`
  | { kind: 'promote' } // every step passed: 100 % to the new version
  | { kind: 'abort'; reason: string };

/** The first step, or the promotion when the file lists none below 100. */
export function firstAction(config: CanaryConfig): CanaryAction {
  return config.steps.length === 0 ? { kind: 'promote' } : watch(config, { step: 0, extensions: 0 });
}

function watch(config: CanaryConfig, position: CanaryPosition): CanaryAction {
  const step = config.steps[position.step]!;
  return { kind: 'watch', position, weight: step.weight, durationMs: step.durationMs };
}

/** After the step at `position` was judged. */
export function nextAction(config: CanaryConfig, position: CanaryPosition, verdict: StepVerdict): CanaryAction {
  const step = config.steps[position.step]!;
  const label = `step ${position.step + 1} (${step.weight} %)`;
  if (verdict.kind === 'fail') return { kind: 'abort', reason: `${label} failed its analysis: ${verdict.reason}` };
  if (verdict.kind === 'inconclusive') {
    if (position.extensions < config.analysis.maxExtensions) return watch(config, { step: position.step, extensions: position.extensions + 1 });
    const held = position.extensions > 0 ? ` after ${position.extensions} extension(s) (analysis.max_extensions)` : '';
    return { kind: 'abort', reason: `${label} is inconclusive${held}: ${verdict.reason}. ${verdict.advice}` };
  }
  if (step.pause) return { kind: 'pause', position, weight: step.weight };
  return afterPassed(config, position);
}

/** The step after `position`, once it passed (or `ferry promote` ended its pause). */
export function afterPassed(config: CanaryConfig, position: CanaryPosition): CanaryAction {
  return position.step + 1 < config.steps.length ? watch(config, { step: position.step + 1, extensions: 0 }) : { kind: 'promote' };
}

/** The weight the canary sets next if the step at `position` passes (its pause, if any, ended by `ferry promote`); null: the switch. */
export function weightAfterPassing(config: CanaryConfig, position: CanaryPosition): number | null {
  const next = afterPassed(config, position);
  return next.kind === 'watch' ? next.weight : null;
}
