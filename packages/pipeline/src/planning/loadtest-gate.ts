import { describeK6Exit, K6_EXIT } from '../ports/loadtest/describe.js';
import { describeThresholdResult } from '../ports/loadtest/thresholds.js';
import type { ThresholdResult } from '../ports/loadtest/types.js';

// Whether a load test lets the deploy keep its new release. Pure: the step runs the engine, this decides.

export type LoadtestEngine = 'k6' | 'fallback';
export type LoadtestVerdict = 'passed' | 'failed' | 'error';

export interface LoadtestInput {
  engine: LoadtestEngine;
  exitCode?: number; // k6 only; the fallback engine has no process
  judged: ThresholdResult[];
}

export interface LoadtestDecision {
  passed: boolean;
  verdict: LoadtestVerdict; // 'error' = the run itself broke, so its numbers prove nothing
  failed: ThresholdResult[];
  reason: string;
}

function byThresholds(failed: ThresholdResult[], total: number, prefix: string): LoadtestDecision {
  if (failed.length > 0) {
    const reason = `${prefix}${failed.length} of ${total} threshold(s) failed: ${failed.map(describeThresholdResult).join('; ')}`;
    return { passed: false, verdict: 'failed', failed, reason };
  }
  const reason = total === 0 ? `${prefix}no thresholds configured, nothing to fail` : `${prefix}all ${total} threshold(s) passed`;
  return { passed: true, verdict: 'passed', failed, reason };
}

export function decideLoadtest(input: LoadtestInput): LoadtestDecision {
  const failed = input.judged.filter((result) => !result.ok);
  const total = input.judged.length;
  if (input.engine === 'fallback') return byThresholds(failed, total, 'fallback engine: ');
  if (input.exitCode === undefined) {
    return { passed: false, verdict: 'error', failed, reason: 'k6 exit code unknown: the run cannot be judged' };
  }
  if (input.exitCode === K6_EXIT.thresholdsFailed) {
    // Trust both signals: 99 means k6 saw a threshold cross even when the summary shows none failed
    // (an abortOnFail threshold stopped the run mid-way, or k6 judged a series the summary omits).
    if (failed.length > 0) return byThresholds(failed, total, 'k6 exited 99: ');
    return { passed: false, verdict: 'failed', failed, reason: 'k6 exited 99 (thresholds crossed) although its summary lists no failed threshold' };
  }
  if (input.exitCode !== K6_EXIT.ok) {
    return { passed: false, verdict: 'error', failed, reason: `k6 exited ${describeK6Exit(input.exitCode)}: the load test did not complete` };
  }
  // Exit 0 with a failed threshold in the summary still fails: either signal is enough.
  return byThresholds(failed, total, 'k6: ');
}
