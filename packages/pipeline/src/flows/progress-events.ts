// What a step reports while it works, as data: listr2's plain renderers print progressLine(event),
// a renderer that reads objects (the TUI) gets the event itself, so a change of wording cannot break it.
import { dockerProgressLine } from '../ports/docker/build-stream.js';
import type { DockerProgress } from '../ports/docker/types.js';
import type { FallbackProgress } from '../ports/loadtest/fallback.js';
import type { RecentTraffic } from '../planning/probe-figures.js';
import type { Colour } from '../config/types.js';
import type { CanaryStepRecord } from './context.js';
import type { RollingShare } from '../steps/rolling-record.js';
import { shareText } from '../planning/rolling-text.js';
import { formatMs } from '../planning/report-text.js';

/** A canary step once judged: its record (weight, each colour's figures, verdict), of how many steps, which colour is which. */
export type CanaryJudged = { kind: 'canary-judged'; steps: number; colours: { canary: Colour; stable: Colour } } & CanaryStepRecord;

export type ProgressEvent =
  | Exclude<DockerProgress, { kind: 'line' }> // build step n/m, a layer's pushed bytes
  | { kind: 'health-wait'; why: string; secondsLeft: number } // the new colour is not healthy yet
  | { kind: 'monitor-wait'; probes: number; secondsLeft: number } // the monitor window: probes so far
  | ({ kind: 'probe-second' } & RecentTraffic) // the traffic probe's last second, per colour
  | { kind: 'canary-step'; step: number; steps: number; weight: number; secondsLeft: number } // a canary step being watched
  | { kind: 'rolling-batch'; batch: number; batches: number; starting: number; retiring: number } // a rolling update's batch begins
  | { kind: 'rolling-share'; batch: number; batches: number; newColour: Colour; share: RollingShare } // a rolling batch's share, confirmed through the router
  | { kind: 'canary-paused'; weight: number } // a pause step, held for `ferry promote`
  | CanaryJudged // a canary step judged, with its figures
  | ({ kind: 'load-test' } & FallbackProgress); // the fallback load engine so far

/** Hears every progress event of a run, with the listr2 id of the task that reported it. */
export type ProgressListener = (taskId: string, event: ProgressEvent) => void;

/** The line the plain renderers print for an event: the wording the steps have always printed. */
export function progressLine(event: ProgressEvent): string {
  switch (event.kind) {
    case 'build-step':
    case 'push-bytes':
      return dockerProgressLine(event);
    case 'health-wait':
      return `${event.why} — ${event.secondsLeft} s left`;
    case 'monitor-wait':
      return `${event.probes} probes ok — ${event.secondsLeft} s left`;
    case 'probe-second':
      return `probe: p95=${event.p95Ms}ms failures=${event.failures} requests=${event.requests} (last second)`;
    case 'rolling-batch':
      return `batch ${event.batch}/${event.batches}: start ${event.starting} new replica(s), then retire ${event.retiring} old`;
    case 'rolling-share':
      return `batch ${event.batch}/${event.batches}: ${shareText(event.share, event.newColour, formatMs)}`;
    case 'canary-step':
      return `step ${event.step}/${event.steps}: ${event.weight} % to the canary — ${event.secondsLeft} s left`;
    case 'canary-paused':
      return `paused at ${event.weight} % — waiting for ferry promote or ferry abort`;
    case 'canary-judged':
      return judgedLine(event);
    case 'load-test':
      return `${(event.elapsedMs / 1000).toFixed(0)} s: ${event.requests} requests, ${event.failures} failed`;
  }
}

/** "step 1/3 (10 %): canary green 52 req, 0 failed, p95 12.5 ms · stable blue 470 req, 0 failed, p95 10.1 ms (access log) → pass" */
function judgedLine(event: CanaryJudged): string {
  const { canary, stable, source } = event.figures;
  const side = (colour: Colour, f: typeof canary) => `${colour} ${f.requests} req, ${f.failures} failed, p95 ${f.p95Ms} ms`;
  const step = `${event.step}${event.extension ? `+${event.extension}` : ''}/${event.steps}`;
  const verdict = `${event.verdict}${event.reason ? `: ${event.reason}` : ''}`;
  return `step ${step} (${event.weight} %): canary ${side(event.colours.canary, canary)} · stable ${side(event.colours.stable, stable)} (${source}) → ${verdict}`;
}

/** The part of a listr2 task wrapper progress needs: the task's id and its output line. */
export interface ProgressTask {
  readonly task: { readonly id: string };
  output: string;
}

/** Report progress: the event to the run's listener, its line to the task's output. */
export function reportProgress(ctx: { progress: ProgressListener }, task: ProgressTask, event: ProgressEvent): void {
  ctx.progress(task.task.id, event);
  task.output = progressLine(event);
}

/** Docker's stream as progress: its counts as events, its other lines as plain output. */
export function reportDockerProgress(ctx: { progress: ProgressListener }, task: ProgressTask, progress: DockerProgress): void {
  if (progress.kind === 'line') task.output = progress.text;
  else reportProgress(ctx, task, progress);
}
