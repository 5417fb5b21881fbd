import { Box, Text } from 'ink';
import { useState } from 'react';
import type { EnvironmentConfig, VersionChoice } from '@ferry/pipeline';
import type { EnvScreenProps, PipelineApi } from '../app/api.js';
import { useLoad } from '../app/use-load.js';
import { Frame, Problem } from '../components/Frame.js';
import { SelectList } from '../components/SelectList.js';
import { TextInput } from '../components/TextInput.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';
import { versionHint } from './versions.js';

interface Props extends EnvScreenProps {
  onPick: (tag: string) => void;
  onBack: () => void;
}

async function loadVersions(api: PipelineApi, environmentsDir: string, env: string, signal: AbortSignal): Promise<VersionChoice[]> {
  const config: EnvironmentConfig = await api.loadEnvironment({ environmentsDir, env });
  return api.listVersions(config, signal);
}

/** Type a tag, or move through recent and local tags with ↑/↓ (which fills the input). */
export function TagPicker({ api, environmentsDir, env, onPick, onBack }: Props) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const versions = useLoad((signal) => loadVersions(api, environmentsDir, env, signal), `${environmentsDir}:${env}`);
  useKeys((_input, key) => key.escape && leave(onBack));
  const submit = (tag: string) => {
    const trimmed = tag.trim();
    if (!trimmed) return setProblem('type a tag, or pick one with ↑/↓');
    onPick(trimmed);
  };
  return (
    <Frame title={`Deploy to ${env}: which tag?`} hints={[['type', 'tag'], ['↑↓', 'recent/local tags'], ['enter', 'deploy'], ['esc', 'back']]}>
      <Box>
        <Text>Tag: </Text>
        <TextInput
          value={value}
          onChange={(next) => {
            setValue(next);
            setProblem(null);
          }}
          onSubmit={submit}
          placeholder="e.g. v1.2.3"
        />
      </Box>
      {problem ? <Problem>{problem}</Problem> : null}
      <Box flexDirection="column" marginTop={1}>
        {versions.state === 'loading' ? <Tone dim>reading history and local images…</Tone> : null}
        {versions.state === 'error' ? <Tone dim>{`no tag list (${versions.message}); type a tag`}</Tone> : null}
        {versions.state === 'ok' && versions.value.length === 0 ? <Tone dim>no recent or local tags: type one</Tone> : null}
        {versions.state === 'ok' && versions.value.length > 0 ? (
          <SelectList
            items={versions.value.map((v) => ({ key: v.tag, label: v.tag.padEnd(12), hint: versionHint(v), value: v.tag }))}
            onSelect={() => undefined}
            onHighlight={(item) => setValue(item.value)}
            vimKeys={false}
            selectOnEnter={false}
            limit={10}
          />
        ) : null}
      </Box>
    </Frame>
  );
}
