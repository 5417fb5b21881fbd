import { Box, Text } from 'ink';
import { useState } from 'react';
import type { EnvironmentStatus, FlowResult } from '@ferry/pipeline';
import type { RunEnd, RunRequest } from '../app/types.js';
import { formatDuration, truncate } from '../components/format.js';
import { Header } from '../components/Header.js';
import { KeyHints, type Hint } from '../components/KeyHints.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';
import { taskRows } from '../store/selectors.js';
import type { RunSnapshot } from '../store/types.js';
import { describeRequest } from './Confirm.js';
import { RunView } from './RunView.js';

type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta';

const OUTCOMES: Record<FlowResult['outcome'] | 'error', { icon: string; color: Color; label: string }> = {
  succeeded: { icon: '✔', color: 'green', label: 'succeeded' },
  succeeded_with_warnings: { icon: '✔', color: 'yellow', label: 'succeeded: the release stands, with warnings' },
  noop: { icon: 'ℹ', color: 'cyan', label: 'nothing to do' },
  dry_run: { icon: 'ℹ', color: 'cyan', label: 'dry run' },
  rejected: { icon: '✖', color: 'yellow', label: 'rejected, nothing changed' },
  rolled_back: { icon: '↶', color: 'yellow', label: 'failed and rolled back' },
  failed_unrecovered: { icon: '✖', color: 'red', label: 'FAILED, NOT recovered: a human must act' },
  abandoned: { icon: '✖', color: 'red', label: 'recovery ABANDONED by a second Ctrl+C: a human must act' },
  staged: { icon: 'ℹ', color: 'cyan', label: 'staged, not live: ferry promote switches to it, ferry abort removes it' },
  aborted: { icon: '✔', color: 'green', label: 'the staged release was removed' },
  error: { icon: '✖', color: 'red', label: 'could not start' },
};

export const exitCodeOf = (end: RunEnd): number => (end.kind === 'result' ? end.result.exitCode : end.exitCode);

/** "total 12.3s · health 2.1s · switch 45ms": the durations (keys ending in Ms) of the result's timings. */
export function describeTimings(timings: Record<string, number>): string {
  const entries = Object.entries(timings).filter(([key]) => key.endsWith('Ms')).sort(([a], [b]) => (a === 'totalMs' ? -1 : b === 'totalMs' ? 1 : 0));
  return entries.map(([key, ms]) => `${key.replace(/Ms$/, '')} ${formatDuration(ms)}`).join(' · ');
}

const at = (side: FlowResult['from']) => (side ? `${side.colour} ${side.version}` : 'nothing');

/** Only a kept release moved traffic; a failed one names what it tried (the message says what serves). */
export function trafficLine(result: FlowResult): string | null {
  const stands = result.outcome === 'succeeded' || result.outcome === 'succeeded_with_warnings';
  if (stands && (result.from || result.to)) return `traffic: ${at(result.from)} → ${at(result.to)}`;
  if (result.to && !stands) return `tried: ${at(result.to)} (not kept)`;
  return null;
}

/** "probe: 160 requests, 0 failed · p50 3ms · p95 8ms · max 40ms": what the traffic probe saw during the switch. */
export function probeLine(probe: FlowResult['probe']): string | null {
  if (!probe) return null;
  const ms = (value: number) => formatDuration(value);
  return `probe: ${probe.requests} requests, ${probe.failures} failed · p50 ${ms(probe.p50)} · p95 ${ms(probe.p95)} · max ${ms(probe.max)}`;
}

/** When the run's last task ended: the logs view's clock stops there. */
export const lastEnd = (snapshot: RunSnapshot): number => Math.max(snapshot.startedAt ?? 0, ...Object.values(snapshot.tasks).map((t) => t.endedAt ?? 0));

/** "12 done · 2 skipped · 1 failed" */
export function countTasks(snapshot: RunSnapshot): string {
  const counts = new Map<string, number>();
  for (const { task } of taskRows(snapshot)) counts.set(task.state, (counts.get(task.state) ?? 0) + 1);
  const order = ['done', 'skipped', 'failed', 'rolled_back', 'pending'];
  return order.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s.replace('_', ' ')}`).join(' · ');
}

function Summary({ request, end, snapshot, width }: { request: RunRequest; end: RunEnd; snapshot: RunSnapshot; width: number }) {
  const outcome = OUTCOMES[end.kind === 'result' ? end.result.outcome : 'error'];
  const message = end.kind === 'result' ? end.result.message : end.message;
  const result = end.kind === 'result' ? end.result : null;
  return (
    <Box flexDirection="column" marginY={1}>
      <Text wrap="truncate-end">
        <Tone color={outcome.color} bold>
          {`${outcome.icon} ${describeRequest(request)}: ${outcome.label}`}
        </Tone>
        <Tone dim>{`  (exit ${exitCodeOf(end)})`}</Tone>
      </Text>
      {message.split('\n').slice(0, 6).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {`  ${truncate(line, width - 2)}`}
        </Text>
      ))}
      {result ? (
        <Box flexDirection="column" marginTop={1}>
          {trafficLine(result) ? <Text wrap="truncate-end">{`  ${trafficLine(result)}`}</Text> : null}
          {probeLine(result.probe) ? (
            <Text wrap="truncate-end">
              <Tone color={result.probe!.failures > 0 ? 'red' : undefined}>{`  ${probeLine(result.probe)}`}</Tone>
            </Text>
          ) : null}
          <Text wrap="truncate-end">{`  release ${result.releaseId || '—'} · ${describeTimings(result.timings)}`}</Text>
          <Text wrap="truncate-end">{`  tasks: ${countTasks(snapshot) || 'none ran'}`}</Text>
          {result.warnings.slice(0, 3).map((w, i) => (
            <Text key={`w${i}`} wrap="truncate-end">
              <Tone color="yellow">{`  ⚠ ${w}`}</Tone>
            </Text>
          ))}
          {result.recoveryErrors.slice(0, 3).map((e, i) => (
            <Text key={`r${i}`} wrap="truncate-end">
              <Tone color="red">{`  ✖ recovery: ${e}`}</Tone>
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

/** Pure: the rows the outcome summary takes (its margins included), so the report below gets the rest. */
export function summaryRows(end: RunEnd): number {
  const message = Math.min(6, (end.kind === 'result' ? end.result.message : end.message).split('\n').length);
  if (end.kind !== 'result') return 3 + message;
  const { result } = end;
  return 3 + message + 3 + (trafficLine(result) ? 1 : 0) + (result.probe ? 1 : 0) + Math.min(3, result.warnings.length) + Math.min(3, result.recoveryErrors.length);
}

/** The head of the run's release report; p opens all of it. */
function ReportSummary({ lines, rows }: { lines: string[]; rows: number }) {
  const shown = lines.slice(0, Math.max(1, rows));
  const more = lines.length - shown.length;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Tone bold>Report</Tone>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {more > 0 ? <Tone dim>{`… ${more} more line${more === 1 ? '' : 's'}: p reads the whole report`}</Tone> : null}
    </Box>
  );
}

interface Props {
  request: RunRequest;
  end: RunEnd;
  snapshot: RunSnapshot;
  status: EnvironmentStatus | null;
  width: number;
  height: number;
  reportLines?: string[] | null; // the run's release report, rendered; absent when it wrote none
  onRollback: () => void;
  onNew: () => void;
  onQuit: () => void;
  onReport?: () => void;
  onContainerLogs?: () => void;
}

const END_HINTS: readonly Hint[] = [
  ['r', 'roll back'],
  ['l', 'run log'],
  ['o', 'app logs'],
  ['p', 'report'],
  ['n', 'new run'],
  ['q', 'quit'],
];

/**
 * The outcome, the head of the run's report, and what to do next: r roll back · l the run's tasks and logs ·
 * o the active container's logs · p/enter the whole report · n start again · q quit.
 */
export function EndScreen({ request, end, snapshot, status, width, height, reportLines, onRollback, onNew, onQuit, onReport, onContainerLogs }: Props) {
  const [view, setView] = useState<'summary' | 'logs'>('summary');
  useKeys((input, key) => {
    if (input === 'q') return leave(onQuit);
    if (input === 'n') return leave(onNew);
    if (input === 'r') return leave(onRollback);
    if (input === 'o') return leave(onContainerLogs);
    if (input === 'p' || (key.return && view === 'summary')) return leave(onReport);
    if (input === 'l') setView((v) => (v === 'logs' ? 'summary' : 'logs'));
    else if (key.escape) setView('summary');
  });
  if (view === 'logs') {
    return (
      <RunView snapshot={snapshot} request={request} status={status} now={lastEnd(snapshot)} width={width} height={height} hints={[['↑↓', 'task'], ['u/d', 'scroll'], ['l/esc', 'back to summary'], ['q', 'quit']]} />
    );
  }
  // Header, the summary, the report title, its "more" line and margin, the key hints.
  const reportRows = height - 1 - summaryRows(end) - 5; // one row spare: a full screen makes Ink redraw it all
  return (
    <Box flexDirection="column" width={width}>
      <Header env={request.env} status={status} />
      <Summary request={request} end={end} snapshot={snapshot} width={width} />
      {reportLines && reportLines.length > 0 ? <ReportSummary lines={reportLines} rows={reportRows} /> : null}
      <KeyHints hints={END_HINTS} />
    </Box>
  );
}
