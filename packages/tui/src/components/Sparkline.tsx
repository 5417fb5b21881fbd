import { sparkline } from '@ferry/pipeline/display';
import { Box, Text } from 'ink';
import { Tone } from './theme.js';

/** The live view: the newest `width` values, drawn by the report's sparkline, from 0 for counts (zeroBased). */
export function liveSparkline(values: number[], width: number, zeroBased = false): string {
  return sparkline(values.slice(-Math.max(1, width)), { width, ...(zeroBased && { min: 0 }) });
}

export function Sparkline({ label, values, width, unit, color }: { label: string; values: number[]; width: number; unit: string; color?: 'red' | 'cyan' }) {
  const last = values.at(-1);
  return (
    <Box>
      <Text>{label.padEnd(9)}</Text>
      <Tone color={color}>{liveSparkline(values, width, label.startsWith('errors'))}</Tone>
      <Text> {last === undefined ? '–' : `${last}${unit}`}</Text>
    </Box>
  );
}
