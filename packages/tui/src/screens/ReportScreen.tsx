import { Text } from 'ink';
import { useState } from 'react';
import type { ReleaseReport } from '@ferry/pipeline';
import type { PaneScreenProps } from '../app/api.js';
import { useLoad } from '../app/use-load.js';
import { Frame, Problem } from '../components/Frame.js';
import { Scrollable } from '../components/ScrollPane.js';
import { SelectList } from '../components/SelectList.js';
import { Tone, useColors } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';

// Frame title, its margins, the pane's position line and the key hints.
const CHROME_ROWS = 6;

/** Pure: which report to show — the one asked for, the only one, or none yet (the list is shown). */
export function chosenReport(reports: ReleaseReport[], id: string | null): ReleaseReport | 'missing' | null {
  if (id !== null) return reports.find((r) => r.id === id) ?? 'missing';
  return reports.length === 1 ? reports[0]! : null;
}

interface Props extends PaneScreenProps {
  releaseId?: string; // a run's own report; otherwise the latest, or a list when there are several
}

/** A release report as `ferry report` prints it (with its per-second probe sparklines), scrollable. */
export function ReportScreen({ api, environmentsDir, env, releaseId, width, height, onBack, onQuit }: Props) {
  const colors = useColors();
  const [picked, setPicked] = useState<string | null>(releaseId ?? null);
  const loaded = useLoad(async () => {
    const config = await api.loadEnvironment({ environmentsDir, env });
    return { stateDir: config.stateDir, reports: await api.listReports(config.stateDir) };
  }, `${environmentsDir}:${env}`);
  const reports = loaded.state === 'ok' ? loaded.value.reports : [];
  const chosen = loaded.state === 'ok' ? chosenReport(reports, picked) : null;
  // esc from a report picked off the list goes back to the list; otherwise back to where the screen was opened from.
  const fromList = releaseId === undefined && reports.length > 1 && picked !== null;
  useKeys((input, key) => {
    if (input === 'q') return leave(onQuit);
    if (key.escape || input === 'b') return fromList ? setPicked(null) : leave(onBack);
  });
  const back: [string, string] = ['esc/b', fromList ? 'list' : 'back'];
  if (loaded.state !== 'ok') {
    return (
      <Frame title={`Report for ${env}`} hints={[back, ['q', 'quit']]}>
        {loaded.state === 'loading' ? <Tone dim>reading the release reports…</Tone> : <Problem>{loaded.message}</Problem>}
      </Frame>
    );
  }
  if (chosen === 'missing') {
    return (
      <Frame title={`Report for ${env}`} hints={[back, ['q', 'quit']]}>
        <Problem>{`No report ${picked} in ${loaded.value.stateDir}/reports: the run may have ended before writing one.`}</Problem>
      </Frame>
    );
  }
  if (chosen) {
    return (
      <Frame title={`Report ${chosen.id}`} subtitle={env} hints={[['↑↓ u/d g/G', 'scroll'], back, ['q', 'quit']]}>
        <Scrollable key={chosen.id} lines={api.renderReport(chosen, { width, color: colors })} width={width} height={Math.max(3, height - CHROME_ROWS)} />
      </Frame>
    );
  }
  if (reports.length === 0) {
    return (
      <Frame title={`Report for ${env}`} hints={[back, ['q', 'quit']]}>
        <Text>No reports yet: every deploy and rollback that changes something writes one.</Text>
      </Frame>
    );
  }
  const newestFirst = [...reports].reverse();
  const labels = api.renderReportList(newestFirst);
  return (
    <Frame title={`Reports of ${env}: which one?`} subtitle={`${reports.length}, newest first`} hints={[['↑↓', 'move'], ['enter', 'read'], ['esc/b', 'back'], ['q', 'quit']]}>
      <SelectList
        items={newestFirst.map((report, i) => ({ key: report.id, label: labels[i] ?? report.id, value: report.id }))}
        onSelect={(item) => setPicked(item.value)}
        limit={Math.max(3, height - CHROME_ROWS - 2)}
        width={width}
      />
    </Frame>
  );
}
