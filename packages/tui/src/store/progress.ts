// The line under the task tree: what the focused task last reported, read from its typed progress event.
import { byteSize } from '@ferry/pipeline/display';
import type { ProbePoint, TaskProgress } from './types.js';

/** ████░░░░ filled in proportion, width cells. */
export function bar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.round(Math.min(1, Math.max(0, done / total)) * width) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function describeProgress(progress: TaskProgress, width = 20): string {
  switch (progress.kind) {
    case 'build-step':
      return `${bar(progress.step, progress.total, width)} step ${progress.step}/${progress.total}`;
    case 'push-bytes':
      return `${bar(progress.done, progress.total, width)} ${byteSize(progress.done)}/${byteSize(progress.total)}`;
    case 'health-wait':
      return `⏱ ${progress.secondsLeft}s left before the deadline`;
    case 'monitor-wait':
      return `⏱ ${progress.secondsLeft}s left in the monitor window · ${progress.probes} probes ok`;
    case 'canary-step':
      return `canary step ${progress.step}/${progress.steps}: ${progress.weight} % to the new version · ⏱ ${progress.secondsLeft}s left`;
    case 'rolling-batch':
      return `rolling batch ${progress.batch}/${progress.batches} · ${bar(progress.batch - 1, progress.batches, width)} · start ${progress.starting}, retire ${progress.retiring}`;
    case 'rolling-share': {
      const { percent, observed } = progress.share;
      const counted = observed ? ` (blue ${observed.blue} · green ${observed.green} of ${observed.probes} probes)` : ' (alone)';
      return `rolling batch ${progress.batch}/${progress.batches} · ${percent} % ${progress.newColour} confirmed${counted}`;
    }
    case 'canary-paused':
      return `canary paused at ${progress.weight} % · ferry promote or ferry abort`;
    case 'load-test':
      return `load test: ${(progress.elapsedMs / 1000).toFixed(0)}s elapsed · ${progress.requests} requests · ${progress.failures} failed`;
  }
}

/** "green 9 · blue 1": which colour answered the probe's last second. */
export function describeColours(point: ProbePoint | undefined): string {
  const entries = Object.entries(point?.byColour ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([colour, count]) => `${colour} ${count}`).join(' · ');
}
