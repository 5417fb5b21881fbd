import { Box, Text } from 'ink';
import type { TaskRow } from '../store/selectors.js';
import type { TaskRecord } from '../store/types.js';
import { firstLine, formatDuration, truncate } from './format.js';
import { Spinner } from './Spinner.js';
import { Tone } from './theme.js';

type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'gray' | undefined;

const ICONS: Record<TaskRecord['state'], { icon: string; color: Color }> = {
  pending: { icon: '◻', color: 'gray' },
  running: { icon: '', color: 'cyan' },
  paused: { icon: '‖', color: 'yellow' },
  done: { icon: '✔', color: 'green' },
  failed: { icon: '✖', color: 'red' },
  skipped: { icon: '↓', color: 'yellow' },
  retrying: { icon: '↻', color: 'yellow' },
  rolling_back: { icon: '⟲', color: 'magenta' },
  rolled_back: { icon: '↶', color: 'magenta' },
};

/** Pure: what follows a task's title for its state. */
export function suffixOf(task: TaskRecord, now: number): string {
  switch (task.state) {
    case 'done':
      return task.durationMs === null ? '' : formatDuration(task.durationMs);
    case 'running':
    case 'paused':
      return task.startedAt === null ? '' : formatDuration(Math.max(0, now - task.startedAt));
    case 'skipped':
      return `skipped: ${firstLine(task.skipReason ?? '')}`;
    case 'retrying':
      return `retry ${(task.retryAttempt ?? 0) + 1}${task.retryError ? ` after: ${firstLine(task.retryError)}` : ''}`;
    case 'rolling_back':
      return 'rolling back…';
    case 'rolled_back':
      return 'rolled back';
    default:
      return '';
  }
}

function Row({ row, selected, now, width }: { row: TaskRow; selected: boolean; now: number; width: number }) {
  const { task, depth } = row;
  const { icon, color } = ICONS[task.state];
  const indent = '  '.repeat(depth);
  // The title wins the room; a long suffix (a skip reason) is what gets cut.
  const line = Math.max(10, width - indent.length - 4);
  const suffix = truncate(suffixOf(task, now), Math.max(12, line - task.title.length - 2));
  const room = Math.max(8, line - (suffix ? suffix.length + 2 : 0));
  const spinning = task.state === 'running' || task.state === 'rolling_back';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {indent}
        {spinning ? <Spinner color={task.state === 'rolling_back' ? 'magenta' : 'cyan'} /> : <Tone color={color}>{icon}</Tone>}{' '}
        <Tone bold={selected} inverse={selected} dim={task.state === 'pending'}>
          {truncate(task.title, room)}
        </Tone>
        {suffix ? <Tone color={task.state === 'done' ? 'gray' : color}>{`  ${suffix}`}</Tone> : null}
      </Text>
      {task.state === 'failed' && task.error ? (
        <Text wrap="truncate-end">
          {indent}
          {'  '}
          <Tone color="red">{`→ ${firstLine(task.error)}`}</Tone>
        </Text>
      ) : null}
    </Box>
  );
}

/** The task graph, windowed to `height` rows around the selected task. */
export function TaskTree({ rows, selectedId, now, width, height }: { rows: TaskRow[]; selectedId: string | null; now: number; width: number; height: number }) {
  const at = Math.max(0, rows.findIndex((r) => r.task.id === selectedId));
  const start = Math.min(Math.max(0, at - height + 2), Math.max(0, rows.length - height));
  if (rows.length === 0) return <Tone dim>waiting for the first task…</Tone>;
  return (
    <Box flexDirection="column">
      {rows.slice(start, start + height).map((row) => (
        <Row key={row.task.id} row={row} selected={row.task.id === selectedId} now={now} width={width} />
      ))}
      {start + height < rows.length ? <Tone dim>{`  … ${rows.length - start - height} more`}</Tone> : null}
    </Box>
  );
}
