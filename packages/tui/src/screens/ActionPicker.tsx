import type { Action } from '../app/types.js';
import { Frame } from '../components/Frame.js';
import { SelectList } from '../components/SelectList.js';
import { leave, useKeys } from '../components/use-keys.js';

export const ACTIONS: { action: Action; what: string }[] = [
  { action: 'deploy', what: 'release a tag blue-green, with health gate and automatic rollback' },
  { action: 'rollback', what: 'put a kept version back (warm: instant switch)' },
  { action: 'validate', what: 'run the verification suite against what serves' },
  { action: 'status', what: 'what serves, on which colour, and its health' },
  { action: 'history', what: 'every release, rollback and failure' },
  { action: 'logs', what: 'the active container’s logs' },
  { action: 'report', what: 'release reports: what each deploy and rollback did' },
];

export function ActionPicker({ env, onPick, onBack, onQuit }: { env: string; onPick: (action: Action) => void; onBack: () => void; onQuit: () => void }) {
  useKeys((input) => input === 'q' && leave(onQuit));
  return (
    <Frame title={`What to do on ${env}?`} hints={[['↑↓', 'move'], ['enter', 'pick'], ['esc', 'back'], ['q', 'quit']]}>
      <SelectList
        items={ACTIONS.map(({ action, what }) => ({ key: action, label: action.padEnd(10), hint: what, value: action }))}
        onSelect={(item) => onPick(item.value)}
        onCancel={onBack}
      />
    </Frame>
  );
}
