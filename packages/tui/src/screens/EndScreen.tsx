import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { EnvironmentStatus, FlowResult } from '@ferry/pipeline';
import { ferryCommand, type RunEnd, type RunRequest } from '../app/types.js';
import { formatDuration, truncate } from '../components/format.js';
import { Header } from '../components/Header.js';
import { KeyHints, type Hint } from '../components/KeyHints.js';
import { Tone } from '../components/theme.js';
import { taskRows } from '../store/selectors.js';
import type { RunSnapshot } from '../store/types.js';
import { describeRequest } from './Confirm.js';
import { RunView } from './RunView.js';

type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta';

const OUTCOMES: Record<FlowResult['outcome'] | 'error', { icon: string; color: Color; label: string }> = {
  succeeded: { icon: '✔', color: 'green', label: 'succeeded' },
  noop: { icon: 'ℹ', color: 'cyan', label: 'nothing to do' },
  dry_run: { icon: 'ℹ', color: 'cyan', label: 'dry run' },
  rejected: { icon: '✖', color: 'yellow', label: 'rejected, nothing changed' },
  rolled_back: { icon: '↶', color: 'yellow', label: 'failed and rolled back' },
  failed_unrecovered: { icon: '✖', color: 'red', label: 'FAILED, NOT recovered: a human must act' },
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
  if (result.outcome === 'succeeded' && (result.from || result.to)) return `traffic: ${at(result.from)} → ${at(result.to)}`;
  if (result.to && result.outcome !== 'succeeded') return `tried: ${at(result.to)} (not kept)`;
  return null;
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

function Report({ request, end }: { request: RunRequest; end: RunEnd }) {
  const result = end.kind === 'result' ? end.result : null;
  return (
    <Box flexDirection="column" marginY={1}>
      <Tone bold>Report</Tone>
      {(result?.plan ?? []).slice(0, 10).map((line, i) => (
        <Text key={i} wrap="truncate-end">{`  ${line}`}</Text>
      ))}
      <Text wrap="wrap">
        The full report (digest, scan, health results, requests seen during the switch) is not available in the TUI yet; run:
      </Text>
      <Tone color="cyan">{`  ${ferryCommand('report', request.env)}${result?.releaseId ? ` --id ${result.releaseId}` : ''}`}</Tone>
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
  onRollback: () => void;
  onNew: () => void;
  onQuit: () => void;
}

const END_HINTS: readonly Hint[] = [
  ['r', 'roll back'],
  ['l', 'logs'],
  ['s', 'report'],
  ['n', 'new run'],
  ['q', 'quit'],
];

/** The outcome and what to do next: r roll back · l the run's tasks and logs · s report · n start again · q quit. */
export function EndScreen({ request, end, snapshot, status, width, height, onRollback, onNew, onQuit }: Props) {
  const [view, setView] = useState<'summary' | 'logs' | 'report'>('summary');
  useInput((input, key) => {
    if (input === 'q') onQuit();
    else if (input === 'n') onNew();
    else if (input === 'r') onRollback();
    else if (input === 'l') setView((v) => (v === 'logs' ? 'summary' : 'logs'));
    else if (input === 's') setView((v) => (v === 'report' ? 'summary' : 'report'));
    else if (key.escape) setView('summary');
  });
  if (view === 'logs') {
    return (
      <RunView snapshot={snapshot} request={request} status={status} now={lastEnd(snapshot)} width={width} height={height} hints={[['↑↓', 'task'], ['u/d', 'scroll'], ['l/esc', 'back to summary'], ['q', 'quit']]} />
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      <Header env={request.env} status={status} />
      {view === 'report' ? <Report request={request} end={end} /> : <Summary request={request} end={end} snapshot={snapshot} width={width} />}
      <KeyHints hints={END_HINTS} />
    </Box>
  );
}
