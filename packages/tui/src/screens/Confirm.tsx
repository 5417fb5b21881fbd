import { Box, Text } from 'ink';
import { useState } from 'react';
import type { PipelineApi } from '../app/api.js';
import type { RunRequest } from '../app/types.js';
import { useLoad } from '../app/use-load.js';
import { Frame, Problem } from '../components/Frame.js';
import { TextInput } from '../components/TextInput.js';
import { Tone } from '../components/theme.js';
import { leave, useKeys } from '../components/use-keys.js';

export function describeRequest(request: RunRequest): string {
  if (request.action === 'deploy') return `deploy ${request.tag} to ${request.env}`;
  return `roll back ${request.env} to ${request.to ?? 'the previous version'}`;
}

interface Props {
  api: PipelineApi;
  environmentsDir: string;
  request: RunRequest;
  onConfirm: () => void;
  onBack: () => void;
}

/** approval: required → type the environment's name; otherwise y/enter. Either way esc goes back. */
export function Confirm({ api, environmentsDir, request, onConfirm, onBack }: Props) {
  const config = useLoad(() => api.loadEnvironment({ environmentsDir, env: request.env }), `${environmentsDir}:${request.env}`);
  const required = config.state === 'ok' && config.value.approval === 'required';
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useKeys((input, key) => {
    if (key.escape) return leave(onBack);
    if (required || config.state !== 'ok') return;
    if (key.return || input === 'y') return leave(onConfirm);
    if (input === 'n') return leave(onBack);
  });
  const what = describeRequest(request);
  if (config.state !== 'ok') {
    return (
      <Frame title="Confirm" hints={[['esc', 'back']]}>
        {config.state === 'loading' ? <Tone dim>reading {request.env}…</Tone> : <Problem>{config.message}</Problem>}
      </Frame>
    );
  }
  if (!required) {
    return (
      <Frame title="Confirm" hints={[['y/enter', 'run'], ['n/esc', 'back']]}>
        <Text>
          <Tone bold>{what[0]!.toUpperCase() + what.slice(1)}</Tone>?
        </Text>
      </Frame>
    );
  }
  return (
    <Frame title="Approval required" hints={[['type', request.env], ['enter', 'approve'], ['esc', 'back']]}>
      <Text>
        {request.env} has <Tone bold>approval: required</Tone>. To {what}, type <Tone bold color="yellow">{request.env}</Tone>:
      </Text>
      <Box>
        <Text>&gt; </Text>
        <TextInput
          value={typed}
          onChange={(next) => {
            setTyped(next);
            setProblem(null);
          }}
          onSubmit={(value) => (value.trim() === request.env ? onConfirm() : setProblem(`"${value.trim()}" is not "${request.env}"; nothing was changed`))}
        />
      </Box>
      {problem ? <Problem>{problem}</Problem> : null}
    </Frame>
  );
}
