import { Box, Text } from 'ink';
import { Tone } from './theme.js';

export type Hint = readonly [key: string, label: string];

/** The bottom line: which keys do what on this screen. */
export function KeyHints({ hints }: { hints: readonly Hint[] }) {
  return (
    <Box>
      <Text wrap="truncate-end">
        {hints.map(([key, label], i) => (
          <Text key={key}>
            {i > 0 ? '  ' : ''}
            <Tone color="cyan" bold>
              {key}
            </Tone>{' '}
            <Tone dim>{label}</Tone>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
