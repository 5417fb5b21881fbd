import type { EnvironmentStatus } from '@ferry/pipeline';
import type { PipelineApi } from '../app/api.js';
import { useLoad } from '../app/use-load.js';
import { firstLine } from '../components/format.js';
import { Frame, Problem } from '../components/Frame.js';
import { describeActive } from '../components/Header.js';
import { SelectList } from '../components/SelectList.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';

export interface EnvironmentRow {
  name: string;
  approval: 'none' | 'required' | null;
  status: EnvironmentStatus | null;
  error: string | null; // this one environment could not be read; the others still can
}

/** Every environment with what it serves; one broken file or a down engine shows on its row, never crashes the list. */
export async function loadEnvironmentRows(api: PipelineApi, environmentsDir: string, signal: AbortSignal): Promise<EnvironmentRow[]> {
  const names = await api.listEnvironments(environmentsDir);
  return Promise.all(
    names.map(async (name): Promise<EnvironmentRow> => {
      try {
        const config = await api.loadEnvironment({ environmentsDir, env: name });
        try {
          return { name, approval: config.approval, status: await api.readStatus(config, signal), error: null };
        } catch (error) {
          return { name, approval: config.approval, status: null, error: `status: ${firstLine((error as Error).message)}` };
        }
      } catch (error) {
        return { name, approval: null, status: null, error: firstLine((error as Error).message) };
      }
    }),
  );
}

export function rowHint(row: EnvironmentRow): string {
  const parts = [row.error ? `error: ${row.error}` : describeActive(row.status)];
  if (row.approval === 'required') parts.push('approval required');
  return parts.join(' · ');
}

interface Props {
  api: PipelineApi;
  environmentsDir: string;
  onPick: (env: string) => void;
  onQuit: () => void;
}

export function EnvironmentPicker({ api, environmentsDir, onPick, onQuit }: Props) {
  const rows = useLoad((signal) => loadEnvironmentRows(api, environmentsDir, signal), environmentsDir);
  useKeys((input) => input === 'q' && leave(onQuit));
  const hints = [['↑↓', 'move'], ['enter', 'pick'], ['q', 'quit']] as const;
  return (
    <Frame title="Pick an environment" subtitle={environmentsDir} hints={hints}>
      {rows.state === 'loading' ? <Tone dim>reading environments and their status…</Tone> : null}
      {rows.state === 'error' ? <Problem>{rows.message}</Problem> : null}
      {rows.state === 'ok' && rows.value.length === 0 ? <Problem>no environment files in {environmentsDir}</Problem> : null}
      {rows.state === 'ok' && rows.value.length > 0 ? (
        <SelectList
          items={rows.value.map((row) => ({ key: row.name, label: row.name.padEnd(14), hint: rowHint(row), value: row.name }))}
          onSelect={(item) => onPick(item.value)}
          limit={14}
        />
      ) : null}
    </Frame>
  );
}
