import { Box, Text } from 'ink';
import type { LedgerEntry } from '@ferry/pipeline';
import type { PipelineApi } from '../app/api.js';
import { useLoad } from '../app/use-load.js';
import { cell } from '../components/format.js';
import { Frame, Problem } from '../components/Frame.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';

/** Pure: newest first, one line per entry, at most `limit`. */
export function historyLines(entries: LedgerEntry[], limit: number): string[] {
  const widths = [16, 8, 12, 18, 14];
  const row = (cells: string[]) => cells.map((c, i) => cell(c, widths[i]!)).join(' ').trimEnd();
  const lines = [...entries]
    .reverse()
    .slice(0, limit)
    .map((e) => row([e.endedAt.slice(0, 16).replace('T', ' '), e.action, e.tag, e.outcome, e.fromColour || e.toColour ? `${e.fromColour ?? '—'} → ${e.toColour ?? '—'}` : '']) + (e.reason ? `  ${e.reason}` : ''));
  return [row(['WHEN (UTC)', 'ACTION', 'TAG', 'OUTCOME', 'TRAFFIC']), ...lines];
}

export function HistoryScreen({ api, environmentsDir, env, onBack }: { api: PipelineApi; environmentsDir: string; env: string; onBack: () => void }) {
  const history = useLoad(async () => api.readHistory(await api.loadEnvironment({ environmentsDir, env })), `${environmentsDir}:${env}`);
  useKeys((input, key) => (key.escape || input === 'q' || key.return) && leave(onBack));
  return (
    <Frame title={`History of ${env}`} hints={[['esc/enter', 'back']]}>
      {history.state === 'loading' ? <Tone dim>reading the release ledger…</Tone> : null}
      {history.state === 'error' ? <Problem>{history.message}</Problem> : null}
      {history.state === 'ok'
        ? history.value.skipped.map((warning, i) => (
            <Text key={`skipped-${i}`} wrap="wrap">
              <Tone color="yellow">{`⚠ ${warning}`}</Tone>
            </Text>
          ))
        : null}
      {history.state === 'ok' && history.value.entries.length === 0 ? <Text>No releases yet.</Text> : null}
      {history.state === 'ok' && history.value.entries.length > 0 ? (
        <Box flexDirection="column">
          {historyLines(history.value.entries, 15).map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
    </Frame>
  );
}
