// What the run view shows of a canary: its judged steps (typed events with their figures) and the step being watched.
import type { CanaryJudged } from '@ferry/pipeline';
import { cell } from '../components/format.js';
import type { RunSnapshot, TaskProgress } from './types.js';

export type CanaryLive = Extract<TaskProgress, { kind: 'canary-step' | 'canary-paused' }>;

export interface CanaryView {
  steps: CanaryJudged[];
  live: CanaryLive | null; // the step being watched (its countdown) or the pause, while the canary runs
}

const isCanaryLive = (progress: TaskProgress | null): progress is CanaryLive => progress?.kind === 'canary-step' || progress?.kind === 'canary-paused';

/** Pure: null when the run has no canary; `live` only while a task still watches one (p and a act then). */
export function canaryView(snapshot: RunSnapshot): CanaryView | null {
  // running only: a canary task rolling back is no longer one to promote
  const task = snapshot.ended ? undefined : Object.values(snapshot.tasks).find((t) => t.state === 'running' && isCanaryLive(t.progress));
  const live = task && isCanaryLive(task.progress) ? task.progress : null;
  if (!live && snapshot.canarySteps.length === 0) return null;
  return { steps: snapshot.canarySteps, live };
}

// step, weight, requests each colour answered, the canary's error rate, each colour's p95; the verdict takes the rest
const WIDTHS = [6, 7, 11, 11, 11, 11, 11];
const columns = (texts: string[]) => texts.map((text, i) => (i < WIDTHS.length ? `${cell(text, WIDTHS[i]! - 1)} ` : text)).join('');
const row = (texts: string[]) => columns(texts).trimEnd();
const rate = (f: { requests: number; failures: number }) => (f.requests === 0 ? '—' : `${((100 * f.failures) / f.requests).toFixed(1)} %`);
const p95 = (f: { requests: number; p95Ms: number }) => (f.requests === 0 ? '—' : `${f.p95Ms} ms`);

/** Pure: the table's lines, the last `maxSteps` judged steps, then the step being watched with its countdown. */
export function canaryTable(view: CanaryView, maxSteps = 6): string[] {
  const { canary: c, stable: s } = view.steps[0]?.colours ?? { canary: 'canary', stable: 'stable' };
  const header = row(['STEP', 'WEIGHT', `REQ ${c}`, `REQ ${s}`, `ERR ${c}`, `P95 ${c}`, `P95 ${s}`, 'VERDICT'].map((h) => h.toUpperCase()));
  const judged = view.steps.slice(-maxSteps).map((step) => {
    const { canary, stable } = step.figures;
    const verdict = `${step.verdict}${step.reason ? `: ${step.reason}` : ''}`;
    return row([stepOf(step), `${step.weight} %`, String(canary.requests), String(stable.requests), rate(canary), p95(canary), p95(stable), verdict]);
  });
  return [header, ...judged, ...(view.live ? [liveRow(view.live, view.steps.at(-1))] : [])];
}

const stepOf = (s: { step: number; steps: number; extension?: number }) => `${s.step}${s.extension ? `+${s.extension}` : ''}/${s.steps}`;

function liveRow(live: CanaryLive, last: CanaryJudged | undefined): string {
  // a pause holds the weight of the step that passed just before it
  const step = live.kind === 'canary-step' ? stepOf(live) : last ? stepOf({ ...last, extension: 0 }) : '';
  const what = live.kind === 'canary-step' ? `⏱ ${live.secondsLeft}s left in this step` : 'paused until promoted or aborted';
  return `${columns([step, `${live.weight} %`])}${what}`;
}
