import { Box, Text } from 'ink';
import { useState } from 'react';
import type { PaneScreenProps, Validation } from '../app/api.js';
import { useLoad } from '../app/use-load.js';
import { formatDuration } from '../components/format.js';
import { Frame, Problem } from '../components/Frame.js';
import { Scrollable } from '../components/ScrollPane.js';
import { Spinner } from '../components/Spinner.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';
import { useNow } from '../components/use-now.js';

/** Pure: ✓ and a passed total are green, ✗ and a failed total red; everything else keeps the terminal's colour. */
export function validationColor(line: string): 'green' | 'red' | undefined {
  if (/^\s*✓/.test(line) || /^verification passed/.test(line)) return 'green';
  if (/^\s*✗/.test(line) || /^verification FAILED/.test(line)) return 'red';
  return undefined;
}

/** Pure: "passed: 4 of 4 checks, 3 skipped in 1.8s" / "FAILED: 1 of 4 checks failed in 1.8s" (skipped checks did not run). */
export function validationVerdict({ result }: Validation): string {
  const skipped = result.tests.filter((t) => t.skipped).length;
  const ran = result.total - skipped;
  const tail = `${skipped ? `, ${skipped} skipped` : ''} in ${formatDuration(result.durationMs)}`;
  return result.passed ? `passed: ${ran - result.failed} of ${ran} checks${tail}` : `FAILED: ${result.failed} of ${ran} checks failed${tail}`;
}

// Frame title, its margins, the verdict line, the pane's position line and the key hints.
const CHROME_ROWS = 7;

type Props = PaneScreenProps;

/** Runs the live-deployment suites against what the router serves; r runs them again. */
export function ValidateScreen({ api, environmentsDir, env, width, height, onBack, onQuit }: Props) {
  const [run, setRun] = useState({ n: 0, startedAt: Date.now() });
  const validation = useLoad(async (signal) => api.validateDeployment(await api.loadEnvironment({ environmentsDir, env }), signal), `${environmentsDir}:${env}:${run.n}`);
  const running = validation.state === 'loading';
  const now = useNow(running, 200);
  useKeys((input, key) => {
    if (input === 'q') return leave(onQuit);
    if (key.escape || input === 'b') return leave(onBack);
    if (input === 'r' && !running) setRun((r) => ({ n: r.n + 1, startedAt: Date.now() }));
  });
  const hints = [['↑↓ u/d g/G', 'scroll'], ['r', 'run again'], ['esc/b', 'back'], ['q', 'quit']] as const;
  return (
    <Frame title={`Validate ${env}`} subtitle="smoke · performance · dependencies against the router" hints={running ? hints.filter(([k]) => k !== 'r') : hints}>
      {running ? (
        <Text>
          <Spinner /> {`running the checks against what ${env} serves… ${formatDuration(Math.max(0, now - run.startedAt))}`}
        </Text>
      ) : null}
      {validation.state === 'error' ? (
        <Box flexDirection="column">
          <Problem>{validation.message}</Problem>
          <Tone dim>r tries again</Tone>
        </Box>
      ) : null}
      {validation.state === 'ok' ? (
        <Box flexDirection="column">
          <Text wrap="truncate-end">
            <Tone bold color={validation.value.result.passed ? 'green' : 'red'}>{`${validation.value.result.passed ? '✔' : '✖'} ${validationVerdict(validation.value)}`}</Tone>
          </Text>
          <Scrollable key={run.n} lines={validation.value.lines} width={width} height={Math.max(3, height - CHROME_ROWS)} colorOf={validationColor} />
        </Box>
      ) : null}
    </Frame>
  );
}
