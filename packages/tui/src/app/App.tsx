import { useInput } from 'ink';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { EnvironmentStatus, RunInput } from '@ferry/pipeline';
import { useNow } from '../components/use-now.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { StoreRenderer } from '../renderer/store-renderer.js';
import { createRunStore, type RunStore } from '../store/run-store.js';
import { ActionPicker } from '../screens/ActionPicker.js';
import { Confirm } from '../screens/Confirm.js';
import { EndScreen, exitCodeOf } from '../screens/EndScreen.js';
import { EnvironmentPicker } from '../screens/EnvironmentPicker.js';
import { HistoryScreen } from '../screens/HistoryScreen.js';
import { RollbackPicker } from '../screens/RollbackPicker.js';
import { RunView } from '../screens/RunView.js';
import { StatusScreen } from '../screens/StatusScreen.js';
import { TagPicker } from '../screens/TagPicker.js';
import { Unavailable } from '../screens/Unavailable.js';
import type { PipelineApi } from './api.js';
import { ferryCommand, type Action, type RunEnd, type RunRequest, type Screen } from './types.js';

// Exit code when a second Ctrl+C leaves a run mid-recovery: the pipeline's "not recovered, a human must act".
export const EXIT_INTERRUPTED = 3;

interface Props {
  api: PipelineApi;
  environmentsDir: string;
  onExit: (code: number) => void; // the one place that ends the process
  store?: RunStore;
  initial?: Screen;
}

/** Builds what runCommand needs from what the user picked; approval was given on the Confirm screen. */
export function runInputFor(request: RunRequest, environmentsDir: string, store: RunStore, signal: AbortSignal): RunInput {
  return {
    action: request.action,
    environmentsDir,
    env: request.env,
    ...(request.tag ? { tag: request.tag } : {}),
    ...(request.to ? { to: request.to } : {}),
    yes: true,
    interactive: false,
    command: `pnpm pipeline: ${ferryCommand(request.action, request.env, request)}`,
    signal,
    render: { renderer: StoreRenderer, options: { store } },
  };
}

export function App({ api, environmentsDir, onExit, store: givenStore, initial = { name: 'environments' } }: Props) {
  const [screen, setScreen] = useState<Screen>(initial);
  const [store] = useState(() => givenStore ?? createRunStore());
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [status, setStatus] = useState<EnvironmentStatus | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const size = useTerminalSize();
  const running = screen.name === 'run';
  const now = useNow(running);

  const refreshStatus = useCallback(
    (env: string) => {
      api
        .loadEnvironment({ environmentsDir, env })
        .then((config) => api.readStatus(config))
        .then(setStatus, () => setStatus(null));
    },
    [api, environmentsDir],
  );

  const start = useCallback(
    (request: RunRequest) => {
      store.reset();
      setCancelling(false);
      const abort = new AbortController();
      controller.current = abort;
      setScreen({ name: 'run', request });
      refreshStatus(request.env);
      const finish = (end: RunEnd) => {
        controller.current = null;
        store.dispatch({ type: 'ended', error: null });
        refreshStatus(request.env);
        setScreen({ name: 'end', request, end });
      };
      api.runCommand(runInputFor(request, environmentsDir, store, abort.signal)).then(
        (result) => finish({ kind: 'result', result }),
        (error: unknown) => finish({ kind: 'error', message: error instanceof Error ? error.message : String(error), exitCode: (error as { exitCode?: number }).exitCode ?? 1 }),
      );
    },
    [api, environmentsDir, store, refreshStatus],
  );

  useInput((input, key) => {
    if (!(key.ctrl && input === 'c')) return;
    if (screen.name === 'run' && controller.current) {
      if (controller.current.signal.aborted) return onExit(EXIT_INTERRUPTED);
      setCancelling(true);
      controller.current.abort(new Error('cancelled by Ctrl+C in pnpm pipeline'));
      return;
    }
    onExit(screen.name === 'end' ? exitCodeOf(screen.end) : 0);
  });

  useEffect(() => () => controller.current?.abort(), []);

  const quit = () => onExit(0);
  const toActions = (env: string) => setScreen({ name: 'actions', env });
  const pickAction = (env: string, action: Action) => {
    if (action === 'deploy') setScreen({ name: 'tag', env });
    else if (action === 'rollback') setScreen({ name: 'rollback', env });
    else if (action === 'status') setScreen({ name: 'status', env });
    else if (action === 'history') setScreen({ name: 'history', env });
    else setScreen({ name: 'unavailable', env, action });
  };

  switch (screen.name) {
    case 'environments':
      return <EnvironmentPicker api={api} environmentsDir={environmentsDir} onPick={toActions} onQuit={quit} />;
    case 'actions':
      return <ActionPicker env={screen.env} onPick={(a) => pickAction(screen.env, a)} onBack={() => setScreen({ name: 'environments' })} onQuit={quit} />;
    case 'tag':
      return (
        <TagPicker api={api} environmentsDir={environmentsDir} env={screen.env} onPick={(tag) => setScreen({ name: 'confirm', request: { action: 'deploy', env: screen.env, tag } })} onBack={() => toActions(screen.env)} />
      );
    case 'rollback':
      return (
        <RollbackPicker api={api} environmentsDir={environmentsDir} env={screen.env} onPick={(to) => setScreen({ name: 'confirm', request: { action: 'rollback', env: screen.env, to } })} onBack={() => toActions(screen.env)} />
      );
    case 'confirm':
      return <Confirm api={api} environmentsDir={environmentsDir} request={screen.request} onConfirm={() => start(screen.request)} onBack={() => toActions(screen.request.env)} />;
    case 'run':
      return <RunView snapshot={snapshot} request={screen.request} status={status} now={now} width={size.width} height={size.height} cancelling={cancelling} />;
    case 'end':
      return (
        <EndScreen
          request={screen.request}
          end={screen.end}
          snapshot={snapshot}
          status={status}
          width={size.width}
          height={size.height}
          onRollback={() => setScreen({ name: 'rollback', env: screen.request.env })}
          onNew={() => setScreen({ name: 'environments' })}
          onQuit={() => onExit(exitCodeOf(screen.end))}
        />
      );
    case 'status':
      return <StatusScreen api={api} environmentsDir={environmentsDir} env={screen.env} onBack={() => toActions(screen.env)} />;
    case 'history':
      return <HistoryScreen api={api} environmentsDir={environmentsDir} env={screen.env} onBack={() => toActions(screen.env)} />;
    case 'unavailable':
      return <Unavailable env={screen.env} action={screen.action} onBack={() => toActions(screen.env)} />;
  }
}
