import { Box, Text } from 'ink';
import { useState } from 'react';
import type { PaneScreenProps } from '../app/api.js';
import { useLoad } from '../app/use-load.js';
import { Frame, Problem } from '../components/Frame.js';
import { Scrollable } from '../components/ScrollPane.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';

export const LOG_TAIL = 200;

// Frame title, its margins, the container line, the pane's position line and the key hints.
const CHROME_ROWS = 7;

type Props = PaneScreenProps;

/** The last log lines of the colour the router serves, at the tail; r reads them again. */
export function LogsScreen({ api, environmentsDir, env, width, height, onBack, onQuit }: Props) {
  const [reads, setReads] = useState(0);
  const logs = useLoad(async (signal) => api.readActiveLogs(await api.loadEnvironment({ environmentsDir, env }), LOG_TAIL, signal), `${environmentsDir}:${env}:${reads}`);
  useKeys((input, key) => {
    if (input === 'q') return leave(onQuit);
    if (key.escape || input === 'b') return leave(onBack);
    if (input === 'r' && logs.state !== 'loading') setReads((n) => n + 1);
  });
  return (
    <Frame title={`Logs of ${env}`} hints={[['↑↓ u/d g/G', 'scroll'], ['r', 'refresh'], ['esc/b', 'back'], ['q', 'quit']]}>
      {logs.state === 'loading' ? <Tone dim>reading the active container’s logs…</Tone> : null}
      {logs.state === 'error' ? <Problem>{logs.message}</Problem> : null}
      {logs.state === 'ok' && logs.value === null ? <Text>{`Nothing is being served on ${env}: there is no active container to read logs from.`}</Text> : null}
      {logs.state === 'ok' && logs.value !== null ? (
        <Box flexDirection="column">
          <Text wrap="truncate-end">
            <Tone bold>{logs.value.container}</Tone>
            <Tone dim>{` · version ${logs.value.version} · last ${logs.value.lines.length} of at most ${LOG_TAIL} lines`}</Tone>
          </Text>
          {logs.value.lines.length === 0 ? <Tone dim>(the container has written nothing)</Tone> : null}
          <Scrollable key={reads} lines={logs.value.lines} width={width} height={Math.max(3, height - CHROME_ROWS)} start="bottom" />
        </Box>
      ) : null}
    </Frame>
  );
}
