import { Text } from 'ink';
import type { VersionChoice } from '@ferry/pipeline';
import type { EnvScreenProps } from '../app/api.js';
import { useLoad } from '../app/use-load.js';
import { Frame, Problem } from '../components/Frame.js';
import { SelectList } from '../components/SelectList.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';
import { versionHint } from './versions.js';

interface Props extends EnvScreenProps {
  onPick: (tag: string) => void;
  onBack: () => void;
}

/** The versions a rollback can go to: not the active one; a pruned (gone) one is shown but cannot be picked. */
export function rollbackTargets(versions: VersionChoice[]): VersionChoice[] {
  return versions.filter((v) => !v.active && v.rollback !== null);
}

export function RollbackPicker({ api, environmentsDir, env, onPick, onBack }: Props) {
  const versions = useLoad(async (signal) => api.listVersions(await api.loadEnvironment({ environmentsDir, env }), signal), `${environmentsDir}:${env}`);
  useKeys((input, key) => (key.escape || input === 'q') && leave(onBack));
  const active = versions.state === 'ok' ? versions.value.find((v) => v.active) : undefined;
  const targets = versions.state === 'ok' ? rollbackTargets(versions.value) : [];
  return (
    <Frame title={`Roll back ${env}: to which version?`} subtitle={active ? `active: ${active.tag}` : undefined} hints={[['↑↓', 'move'], ['enter', 'roll back'], ['esc', 'back']]}>
      {versions.state === 'loading' ? <Tone dim>reading kept versions…</Tone> : null}
      {versions.state === 'error' ? <Problem>{versions.message}</Problem> : null}
      {versions.state === 'ok' && targets.length === 0 ? <Text>Nothing to roll back to: {env} has no earlier version.</Text> : null}
      {targets.length > 0 ? (
        <SelectList
          items={targets.map((v) => ({ key: v.tag, label: v.tag.padEnd(12), hint: versionHint(v), value: v.tag, disabled: v.rollback === 'gone' }))}
          onSelect={(item) => onPick(item.value)}
        />
      ) : null}
    </Frame>
  );
}
