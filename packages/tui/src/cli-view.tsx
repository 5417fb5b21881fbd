// The same run view for `ferry deploy|rollback` in a terminal: the pipeline CLI loads this module
// when it is installed beside it (the TUI depends on the pipeline, never the reverse).
import { render } from 'ink';
import { useSyncExternalStore } from 'react';
import type { CustomRender } from '@ferry/pipeline';
import type { RunRequest } from './app/types.js';
import { ColorContext, colorsEnabled } from './components/theme.js';
import { useKeys } from './components/use-keys.js';
import { useNow } from './components/use-now.js';
import { useTerminalSize } from './components/use-terminal-size.js';
import { storeRender } from './renderer/store-renderer.js';
import { RunView } from './screens/RunView.js';
import { useCanaryRequest, type AskCanary } from './screens/use-canary-request.js';
import { createRunStore, type RunStore } from './store/run-store.js';

const NO_CANARY: AskCanary = async () => null;

function CliRun({ store, request, onCancel, ask = NO_CANARY }: { store: RunStore; request: RunRequest; onCancel: () => void; ask?: AskCanary }) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const size = useTerminalSize();
  const now = useNow(!snapshot.ended);
  const canary = useCanaryRequest(ask);
  // Raw mode turns Ctrl+C into a key press: hand it to the CLI's own SIGINT handling (undo, then exit).
  useKeys((input, key) => {
    if (key.ctrl && input === 'c') onCancel();
  });
  return <RunView snapshot={snapshot} request={request} status={null} now={now} width={size.width} height={Math.min(size.height, 40)} onCanary={canary.onCanary} canaryNotice={canary.notice} />;
}

/** A listr2 render mode drawing the Ink run view on stderr (stdout stays for the result); finish() unmounts it. ask: p/a of a canary. */
export function attachRunView(request: RunRequest, onCancel: () => void, ask?: AskCanary): { render: CustomRender; finish: () => void } {
  const store = createRunStore();
  const app = render(
    <ColorContext.Provider value={colorsEnabled(process.env)}>
      <CliRun store={store} request={request} onCancel={onCancel} {...(ask && { ask })} />
    </ColorContext.Provider>,
    { stdout: process.stderr, exitOnCtrlC: false, patchConsole: false },
  );
  return { render: storeRender(store), finish: () => app.unmount() };
}
