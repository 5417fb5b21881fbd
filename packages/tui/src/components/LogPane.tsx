import { Box, Text } from 'ink';
import { truncate } from './format.js';
import { Tone } from './theme.js';

/** The last `height` lines ending `scroll` lines above the bottom (0 = follow the tail). */
export function visibleLines(lines: string[], height: number, scroll: number): { lines: string[]; above: number; below: number } {
  const below = Math.min(Math.max(0, scroll), Math.max(0, lines.length - height));
  const end = lines.length - below;
  const start = Math.max(0, end - height);
  return { lines: lines.slice(start, end), above: start, below };
}

export function LogPane({ title, lines, height, scroll, width }: { title: string; lines: string[]; height: number; scroll: number; width: number }) {
  const view = visibleLines(lines, height, scroll);
  const position = view.below > 0 ? ` (${view.below} newer below)` : view.above > 0 ? ` (${view.above} older above)` : '';
  return (
    <Box flexDirection="column">
      <Tone dim>{truncate(`── log: ${title}${position} `, width).padEnd(width, '─')}</Tone>
      {view.lines.length === 0 ? <Tone dim>(no output yet)</Tone> : null}
      {view.lines.map((line, i) => (
        <Text key={view.above + i} wrap="truncate-end">
          {truncate(line, width)}
        </Text>
      ))}
    </Box>
  );
}
