import { Box, Text } from 'ink';
import type { CanaryRequest, EnvironmentStatus } from '@ferry/pipeline';
import type { RunRequest } from '../app/types.js';
import { formatDuration } from '../components/format.js';
import { Header } from '../components/Header.js';
import { KeyHints, type Hint } from '../components/KeyHints.js';
import { LogPane } from '../components/LogPane.js';
import { Sparkline } from '../components/Sparkline.js';
import { TaskTree } from '../components/TaskTree.js';
import { Tone } from '../components/theme.js';
import { useKeys } from '../components/use-keys.js';
import { canaryTable, canaryView } from '../store/canary.js';
import { describeColours, describeProgress } from '../store/progress.js';
import { focusTask, taskRows } from '../store/selectors.js';
import type { RunSnapshot } from '../store/types.js';
import { describeRequest } from './Confirm.js';
import { useTaskNavigation } from './use-task-navigation.js';

interface Props {
  snapshot: RunSnapshot;
  request: RunRequest;
  status: EnvironmentStatus | null;
  now: number;
  width: number;
  height: number;
  cancelling?: boolean; // Ctrl+C was pressed: the flow is undoing what it did
  hints?: readonly Hint[];
  isActive?: boolean;
  // p and a while a canary runs: promote or abort it (as `ferry promote|abort` from another shell); notice: how that went
  onCanary?: (request: CanaryRequest) => void;
  canaryNotice?: string | null;
}

/** Rows the fixed parts take: header, request line, log title, hints; the rest is shared by tree and log. */
export function runLayout(height: number, hasProbe: boolean, canaryRows = 0) {
  const fixed = 4 + (hasProbe ? 2 : 0) + 1 + canaryRows; // + 1: the progress / cancel line
  const log = Math.max(3, Math.floor((height - fixed) / 3));
  return { tree: Math.max(4, height - fixed - log - 1), log };
}

const RUN_HINTS: readonly Hint[] = [
  ['↑↓', 'task'],
  ['f', 'follow'],
  ['u/d', 'scroll log'],
  ['ctrl+c', 'cancel (rolls back)'],
];

// while a canary runs: its keys first (ctrl+c cancels, which aborts it too)
const CANARY_HINTS: readonly Hint[] = [['p', 'promote'], ['a', 'abort'], ['↑↓', 'task'], ['f', 'follow'], ['u/d', 'scroll log'], ['ctrl+c', 'cancel']];

export function RunView({ snapshot, request, status, now, width, height, cancelling = false, hints = RUN_HINTS, isActive = true, onCanary, canaryNotice = null }: Props) {
  const rows = taskRows(snapshot);
  const follow = focusTask(snapshot);
  const nav = useTaskNavigation(rows, follow?.id ?? null, isActive);
  const selected = (nav.selectedId && snapshot.tasks[nav.selectedId]) || follow;
  const hasProbe = snapshot.probe.length > 0;
  const canary = canaryView(snapshot);
  const canaryLines = canary ? canaryTable(canary) : [];
  const canaryKeys = Boolean(onCanary && canary?.live && !cancelling);
  useKeys((input) => (input === 'p' ? onCanary?.('promote') : input === 'a' ? onCanary?.('abort') : undefined), { isActive: isActive && canaryKeys });
  const layout = runLayout(height, hasProbe, canaryLines.length);
  const elapsed = snapshot.startedAt === null ? '' : formatDuration(Math.max(0, now - snapshot.startedAt));
  const progress = follow && !snapshot.ended ? follow.progress : null;
  const colours = describeColours(snapshot.probe.at(-1));
  const answeredBy = colours ? `  answered by ${colours}` : '';
  // Room for the label (9), the last value (up to 8: " 123.4ms") and which colours answered.
  const sparkWidth = Math.max(10, Math.min(60, width - 18 - answeredBy.length));
  return (
    <Box flexDirection="column" width={width}>
      <Header env={request.env} status={status} right={elapsed} />
      <Text wrap="truncate-end">
        <Tone dim>▸ </Tone>
        {describeRequest(request)}
      </Text>
      <TaskTree rows={rows} selectedId={selected?.id ?? null} now={now} width={width} height={layout.tree} />
      {hasProbe ? (
        <Box flexDirection="column">
          <Box>
            <Sparkline label="latency" values={snapshot.probe.map((p) => p.latencyMs)} width={sparkWidth} unit="ms" color="cyan" />
            {answeredBy ? <Tone dim>{answeredBy}</Tone> : null}
          </Box>
          <Sparkline label="errors" values={snapshot.probe.map((p) => p.failures)} width={sparkWidth} unit="" color="red" />
        </Box>
      ) : null}
      {canaryLines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {i === 0 ? <Tone dim>{line}</Tone> : line}
        </Text>
      ))}
      <Text wrap="truncate-end">
        {cancelling ? (
          <Tone color="yellow">Cancelling: undoing what this run changed… (ctrl+c again exits at once, code 3)</Tone>
        ) : canary && canaryNotice ? (
          <Tone color="yellow">{canaryNotice}</Tone>
        ) : progress ? (
          <Tone color="cyan">{describeProgress(progress)}</Tone>
        ) : (
          ' '
        )}
      </Text>
      <LogPane title={selected?.title ?? '—'} lines={selected?.output ?? []} height={layout.log} scroll={nav.scroll} width={width} />
      <KeyHints hints={canaryKeys ? CANARY_HINTS : hints} />
    </Box>
  );
}
