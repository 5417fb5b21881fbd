// Pure: a rolling update's record (the report's `rolling`) → the words `ferry report` and the progress lines use.
import type { ReportRolling } from '../state/report-types.js';

type Rolling = ReportRolling;
type Batch = Rolling['batches'][number];
type Share = Batch['shares'][number];

const PHASE: Record<NonNullable<Rolling['failure']>['phase'], string> = {
  start: 'its start',
  gate: 'its health gate',
  share: 'a share change',
  drain: 'the drain',
  stop: 'the stop',
};

/** "green replica 1", "blue replicas 2, 3", "none". */
export function replicasText(colour: string, indexes: number[]): string {
  if (indexes.length === 0) return 'none';
  return `${colour} replica${indexes.length === 1 ? '' : 's'} ${indexes.join(', ')}`;
}

/** "25 % green: blue 150 · green 50 of 200 probes, confirmed in 310 ms"; a switch: "100 % green: green alone, confirmed by the switch in 120 ms". */
export function shareText(share: Share, newColour: string, ms: (ms: number) => string): string {
  const head = `${share.percent} % ${newColour}`;
  const o = share.observed;
  if (!o) return `${head}: ${newColour} alone, confirmed by the switch in ${ms(share.confirmMs)}`;
  const extra = [o.unanswered > 0 && `unanswered ${o.unanswered}`, o.routerErrors > 0 && `router errors ${o.routerErrors}`].filter(Boolean).map((part) => ` · ${part}`);
  return `${head}: blue ${o.blue} · green ${o.green}${extra.join('')} of ${o.probes} probes, confirmed in ${ms(share.confirmMs)}`;
}

/** The section's lines (values only: the caller adds its label column); `bad` marks what failed. */
export function rollingLines(rolling: Rolling, ms: (ms: number) => string): { text: string; bad?: boolean }[] {
  const { colours } = rolling;
  const end =
    rolling.outcome === 'replaced' ? `replaced in ${rolling.plannedBatches} batches`
    : rolling.failure ? `FAILED in batch ${rolling.failure.batch} of ${rolling.plannedBatches} at ${PHASE[rolling.failure.phase]}`
    : `did not finish (${rolling.batches.length} of ${rolling.plannedBatches} batches begun)`;
  const head = `${rolling.replicas} replicas ${colours.old} → ${colours.new}, ${rolling.batchSize} a batch · ${end}`;
  return [
    { text: head, bad: rolling.outcome === 'failed' },
    ...(rolling.failure ? [{ text: `why: ${rolling.failure.reason}`, bad: true }] : []),
    ...rolling.batches.flatMap((b) => batchLines(b, rolling, ms)),
    ...undoLines(rolling),
  ];
}

function batchLines(batch: Batch, rolling: Rolling, ms: (ms: number) => string): { text: string; bad?: boolean }[] {
  const { colours } = rolling;
  const gate = batch.gate && (batch.gate.passed ? `gate passed in ${ms(batch.gate.ms)}${batch.gate.attempts !== null ? ` (${batch.gate.attempts} attempt${batch.gate.attempts === 1 ? '' : 's'})` : ''}` : `gate FAILED after ${ms(batch.gate.ms)}`);
  const lines = [{ text: `batch ${batch.batch}: started ${replicasText(colours.new, batch.started)}${gate ? ` · ${gate}` : ''}`, bad: batch.gate?.passed === false }];
  lines.push(...batch.shares.map((share) => ({ text: `  ${shareText(share, colours.new, ms)}`, bad: false })));
  if (batch.retired.length > 0) {
    const drain = batch.drainMs !== null ? ` · drained in ${ms(batch.drainMs)}` : '';
    const stopped = batch.stopped.length === 0 ? '' : batch.stopped.length === batch.retired.length ? ' · stopped' : ` · stopped ${batch.stopped.join(', ')}`;
    lines.push({ text: `  took out ${replicasText(colours.old, batch.retired)}${drain}${stopped}`, bad: false });
  }
  return lines;
}

function undoLines(rolling: Rolling): { text: string; bad?: boolean }[] {
  const undo = rolling.undo;
  if (!undo) return rolling.outcome === 'failed' ? [{ text: 'undo: did not run to its end', bad: true }] : [];
  const what = `restarted ${replicasText(rolling.colours.old, undo.restarted)} · removed ${replicasText(rolling.colours.new, undo.removed)} · ${undo.routerRestored ? "router's upstream put back" : 'router never changed'}`;
  return [{ text: `${rolling.outcome === 'replaced' ? 'undone after a later failure' : 'undo'}: ${what}` }];
}
