import { Box, Text } from 'ink';
import type { EnvironmentStatus } from '@ferry/pipeline';
import { Tone } from './theme.js';

/** "blue v1 (healthy)" or why there is none. */
export function describeActive(status: EnvironmentStatus | null | undefined): string {
  if (!status) return 'status unknown';
  if (!status.active) return 'not deployed';
  const { colour, version, health, state } = status.active;
  return `${colour} ${version} (${health && health !== 'none' ? health : state})`;
}

/** One line on top of every run: where, what serves now, how long this has taken. */
export function Header({ env, status, right }: { env: string; status: EnvironmentStatus | null | undefined; right?: string }) {
  return (
    <Box justifyContent="space-between">
      <Text wrap="truncate-end">
        <Tone bold color="cyan">
          ferry
        </Tone>{' '}
        <Tone bold>{env}</Tone>
        <Tone dim> · </Tone>
        {describeActive(status)}
      </Text>
      {right ? <Text>{right}</Text> : null}
    </Box>
  );
}
