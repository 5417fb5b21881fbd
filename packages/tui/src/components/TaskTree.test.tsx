import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { taskRows } from '../store/selectors.js';
import type { RunEvent } from '../store/types.js';
import { snapshotOf, taskIn, text } from '../../test/support/frames.js';
import { TaskTree } from './TaskTree.js';

const frameFor = (events: RunEvent[], now = 3500) => {
  const snapshot = snapshotOf(events);
  const { lastFrame, unmount } = render(<TaskTree rows={taskRows(snapshot)} selectedId={null} now={now} width={80} height={10} />);
  const frame = text(lastFrame());
  unmount();
  return frame;
};

describe('TaskTree: one frame per task state', () => {
  it('pending', () => {
    expect(frameFor(taskIn('a', 'Build image', 'pending'))).toBe('◻ Build image');
  });
  it('running, with a spinner and the time so far', () => {
    expect(frameFor(taskIn('a', 'Build image', 'running'))).toBe('⠋ Build image  2.5s');
  });
  it('done with its duration', () => {
    expect(frameFor(taskIn('a', 'Build image', 'done', [{ type: 'message', id: 'a', message: { duration: 1234 } }]))).toBe('✔ Build image  1.2s');
  });
  it('skipped with the reason', () => {
    expect(frameFor(taskIn('a', 'Scan image', 'skipped', [{ type: 'message', id: 'a', message: { skip: 'trivy is not on PATH' } }]))).toBe(
      '↓ Scan image  skipped: trivy is not on PATH',
    );
  });
  it('failed with the error under it', () => {
    expect(frameFor(taskIn('a', 'Health gate', 'failed', [{ type: 'message', id: 'a', message: { error: 'green never became healthy\nsecond line' } }]))).toBe(
      '✖ Health gate\n  → green never became healthy',
    );
  });
  it('retrying with the next attempt and why the last one failed', () => {
    const events = taskIn('a', 'Push image', 'retrying', [
      { type: 'message', id: 'a', message: { retry: { count: 1 } } },
      { type: 'message', id: 'a', message: { error: 'registry timeout' } },
    ]);
    expect(frameFor(events)).toBe('↻ Push image  retry 2 after: registry timeout');
  });
  it('rolling back', () => {
    expect(frameFor(taskIn('a', 'Recovering: undoing 2 change(s)', 'rolling_back'))).toBe('⠋ Recovering: undoing 2 change(s)  rolling back…');
  });
  it('rolled back', () => {
    expect(frameFor(taskIn('a', 'Recovered: traffic is on the previous version', 'rolled_back'))).toBe('↶ Recovered: traffic is on the previous version  rolled back');
  });
  it('nests subtasks and truncates long titles to the width', () => {
    const events: RunEvent[] = [
      ...taskIn('r', 'Deploy v2 on local', 'running'),
      { type: 'added', parentId: 'r', tasks: [{ id: 'c', title: `Start green ${'x'.repeat(100)}`, enabled: true }, { id: 'd', title: 'hidden', enabled: false }] },
    ];
    const frame = frameFor(events);
    expect(frame.split('\n')).toEqual(['⠋ Deploy v2 on local  2.5s', `  ◻ Start green ${'x'.repeat(61)}…`]);
    expect(Math.max(...frame.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });
});
