import { Box, Text } from 'ink';
import { Tone } from './theme.js';

const BARS = '▁▂▃▄▅▆▇█';

/** Pure: numbers → ▁..█ scaled from the series' minimum (or 0 with zeroBased) to its maximum; the last `width` values. */
export function sparkline(values: number[], width: number, zeroBased = false): string {
  const points = values.slice(-Math.max(0, width)).map((v) => (Number.isFinite(v) ? v : 0));
  if (points.length === 0) return '';
  const lo = zeroBased ? 0 : Math.min(...points);
  const hi = Math.max(...points);
  return points.map((v) => BARS[hi > lo ? Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1)) : 0]).join('');
}

export function Sparkline({ label, values, width, unit, color }: { label: string; values: number[]; width: number; unit: string; color?: 'red' | 'cyan' }) {
  const last = values.at(-1);
  return (
    <Box>
      <Text>{label.padEnd(9)}</Text>
      <Tone color={color}>{sparkline(values, width, label.startsWith('errors'))}</Tone>
      <Text> {last === undefined ? '–' : `${last}${unit}`}</Text>
    </Box>
  );
}
