import { Box, Text } from 'ink';
import { describeCanaryStep, type ColourView, type EnvironmentStatus } from '@ferry/pipeline';
import type { PipelineApi } from '../app/api.js';
import { useLoad } from '../app/use-load.js';
import { cell } from '../components/format.js';
import { Frame, Problem } from '../components/Frame.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';

const colourRow = (role: string, view: ColourView | null) =>
  view ? [role, view.colour, view.version, view.state, view.health, view.containerId] : [role, '—', '', '', '', ''];

/** Pure: the status as table lines (fixed columns, fits 80 columns). */
export function statusLines(status: EnvironmentStatus): string[] {
  const widths = [9, 7, 16, 10, 11, 12];
  const row = (cells: string[]) => cells.map((c, i) => cell(c, widths[i]!)).join(' ').trimEnd();
  const { router } = status;
  return [
    row(['ROLE', 'COLOUR', 'VERSION', 'STATE', 'HEALTH', 'CONTAINER']),
    row(colourRow('active', status.active)),
    row(colourRow('standby', status.standby)),
    '',
    `engine  ${status.engine}`,
    `router  ${router.running ? 'running' : 'NOT running'} on ${router.listen}${reachedAt(router)} · configured ${router.configuredColour ?? '—'} · answers ${router.liveColour ?? '—'}`,
    // a canary's split: its weight, and its step when the running deploy recorded it
    ...(status.canary ? [`split   ${describeCanaryStep(status.canary)}`] : []),
    `last    ${status.lastRelease ? `${status.lastRelease.action} ${status.lastRelease.tag} at ${status.lastRelease.endedAt.slice(0, 19).replace('T', ' ')}` : 'no release yet'}`,
    ...(status.lock ? [`lock    ${status.lock.state} by ${JSON.stringify(status.lock).slice(0, 60)}`] : []),
  ];
}

/** Where ferry reaches the router when it is not router/listen itself (a remote engine, router.public_url). */
function reachedAt(router: EnvironmentStatus['router']): string {
  const address = router.url.replace(/^http:\/\//, '');
  return address === router.listen ? '' : ` (${address})`;
}

export function StatusScreen({ api, environmentsDir, env, onBack }: { api: PipelineApi; environmentsDir: string; env: string; onBack: () => void }) {
  const status = useLoad(async (signal) => api.readStatus(await api.loadEnvironment({ environmentsDir, env }), signal), `${environmentsDir}:${env}`);
  useKeys((input, key) => (key.escape || input === 'q' || key.return) && leave(onBack));
  return (
    <Frame title={`Status of ${env}`} hints={[['esc/enter', 'back']]}>
      {status.state === 'loading' ? <Tone dim>asking the engine and the router…</Tone> : null}
      {status.state === 'error' ? <Problem>{status.message}</Problem> : null}
      {status.state === 'ok' ? (
        <Box flexDirection="column">
          {statusLines(status.value).map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {line || ' '}
            </Text>
          ))}
          {status.value.warnings.map((w, i) => (
            <Text key={`w${i}`} wrap="truncate-end">
              <Tone color="yellow">{`⚠ ${w}`}</Tone>
            </Text>
          ))}
        </Box>
      ) : null}
    </Frame>
  );
}
