import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { Tone } from './theme.js';
import { useKeys } from './use-keys.js';

type Color = 'green' | 'red' | 'yellow' | 'cyan';

/** Pure: which lines a pane of `height` rows shows when asked to start at `top` (clamped to the content). */
export function scrollWindow(total: number, height: number, top: number): { top: number; end: number; above: number; below: number } {
  const first = Math.min(Math.max(0, top), Math.max(0, total - height));
  const end = Math.min(total, first + height);
  return { top: first, end, above: first, below: total - end };
}

/**
 * ↑/↓ (k/j) one line · u/d (PgUp/PgDn) half a page · g/Home the top · G/End the bottom.
 * Starts at the top, or at the bottom for logs (`start: 'bottom'`); returns the first line shown.
 */
export function useScroll(total: number, height: number, start: 'top' | 'bottom' = 'top'): number {
  const [top, setTop] = useState(start === 'bottom' ? Number.MAX_SAFE_INTEGER : 0);
  // Keys can arrive before React re-renders: move from the latest position, clamped to what is there now.
  const latest = useRef({ total, height });
  latest.current = { total, height };
  const page = Math.max(1, Math.floor(height / 2));
  const move = (to: (current: number) => number) =>
    setTop((current) => {
      const { total: lines, height: rows } = latest.current;
      return scrollWindow(lines, rows, to(scrollWindow(lines, rows, current).top)).top;
    });
  useKeys((input, key) => {
    if (key.upArrow || input === 'k') move((t) => t - 1);
    else if (key.downArrow || input === 'j') move((t) => t + 1);
    else if (key.pageUp || input === 'u') move((t) => t - page);
    else if (key.pageDown || input === 'd') move((t) => t + page);
    else if (key.home || input === 'g') move(() => 0);
    else if (key.end || input === 'G') move(() => Number.MAX_SAFE_INTEGER);
  });
  return scrollWindow(total, height, top).top;
}

interface PaneProps {
  lines: string[]; // may carry colour codes: the fixed width lets Ink cut them without counting the codes
  height: number;
  width: number;
  colorOf?: (line: string) => Color | undefined;
}

/** `height` rows of `lines` from `top`, cut to `width`, and where that is when there is more than fits. */
export function ScrollPane({ lines, top, height, width, colorOf }: PaneProps & { top: number }) {
  const view = scrollWindow(lines.length, height, top);
  const shown = lines.slice(view.top, view.end);
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((line, i) => (
        <Text key={view.top + i} wrap="truncate-end">
          <Tone color={colorOf?.(line)}>{line || ' '}</Tone>
        </Text>
      ))}
      {view.above + view.below > 0 ? <Tone dim>{`lines ${view.top + 1}–${view.end} of ${lines.length}${view.below > 0 ? ` · ${view.below} more below` : ''}`}</Tone> : null}
    </Box>
  );
}

/** A pane that owns its scroll keys; give it a React key to start over when its content is reloaded. */
export function Scrollable({ start, ...pane }: PaneProps & { start?: 'top' | 'bottom' }) {
  const top = useScroll(pane.lines.length, pane.height, start);
  return <ScrollPane {...pane} top={top} />;
}
