import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { KeyHints, type Hint } from './KeyHints.js';
import { Tone } from './theme.js';

/** Every picker screen: a title, a body, the key hints at the bottom. */
export function Frame({ title, subtitle, hints, children }: { title: string; subtitle?: string; hints: readonly Hint[]; children: ReactNode }) {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Tone bold color="cyan">
          ferry
        </Tone>{' '}
        <Tone bold>{title}</Tone>
        {subtitle ? <Tone dim>{`  ${subtitle}`}</Tone> : null}
      </Text>
      <Box flexDirection="column" marginY={1}>
        {children}
      </Box>
      <KeyHints hints={hints} />
    </Box>
  );
}

export function Problem({ children }: { children: ReactNode }) {
  return (
    <Text wrap="wrap">
      <Tone color="red">✖ </Tone>
      {children}
    </Text>
  );
}
