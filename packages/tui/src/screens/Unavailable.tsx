import { Text, useInput } from 'ink';
import { ferryCommand, type Action } from '../app/types.js';
import { Frame } from '../components/Frame.js';
import { Tone } from '../components/theme.js';

const MAKE: Partial<Record<Action, string>> = { validate: 'make validate-deployment ENV=', logs: 'make deploy-logs ENV=' };

/** validate / logs / report are not in the pipeline's API yet: say so, and give the command that does it. */
export function Unavailable({ env, action, onBack }: { env: string; action: Action; onBack: () => void }) {
  useInput((input, key) => (key.escape || key.return || input === 'q') && onBack());
  const make = MAKE[action];
  return (
    <Frame title={`${action} on ${env}`} hints={[['esc/enter', 'back']]}>
      <Text>{action} is not available in the TUI yet. Run it from a shell:</Text>
      <Tone color="cyan">{`  ${ferryCommand(action, env)}`}</Tone>
      {make ? <Tone color="cyan">{`  ${make}${env}`}</Tone> : null}
    </Frame>
  );
}
