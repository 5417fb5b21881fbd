import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CanaryRequest, EnvironmentStatus, FlowResult, ReleaseReport, RunInput } from '@ferry/pipeline';
import { useColors } from '../components/theme.js';
import { useKeys } from '../components/use-keys.js';
import { useNow } from '../components/use-now.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { storeRender } from '../renderer/store-renderer.js';
import { createRunStore, type RunStore } from '../store/run-store.js';
import { ActionPicker } from '../screens/ActionPicker.js';
import { Confirm } from '../screens/Confirm.js';
import { EndScreen, exitCodeOf } from '../screens/EndScreen.js';
import { EnvironmentPicker } from '../screens/EnvironmentPicker.js';
import { HistoryScreen } from '../screens/HistoryScreen.js';
import { LogsScreen } from '../screens/LogsScreen.js';
import { ReportScreen } from '../screens/ReportScreen.js';
import { RollbackPicker } from '../screens/RollbackPicker.js';
import { RunView } from '../screens/RunView.js';
import { useCanaryRequest } from '../screens/use-canary-request.js';
import { StatusScreen } from '../screens/StatusScreen.js';
import { TagPicker } from '../screens/TagPicker.js';
import { ValidateScreen } from '../screens/ValidateScreen.js';
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
    render: storeRender(store),
  };
}

const SCREEN_FOR: Record<Action, (env: string) => Screen> = {
  deploy: (env) => ({ name: 'tag', env }),
  rollback: (env) => ({ name: 'rollback', env }),
  validate: (env) => ({ name: 'validate', env }),
  status: (env) => ({ name: 'status', env }),
  history: (env) => ({ name: 'history', env }),
  logs: (env) => ({ name: 'logs', env }),
  report: (env) => ({ name: 'report', env }),
};

/** The code to leave with: a run's own once its end screen was reached (also from the screens opened from it). */
export function exitCodeFor(screen: Screen): number {
  if (screen.name === 'end') return exitCodeOf(screen.end);
  if ('back' in screen && screen.back) return exitCodeFor(screen.back);
  return 0;
}

/** The release report the run wrote (found by its release id), or null when it wrote none. */
async function findRunReport(api: PipelineApi, environmentsDir: string, env: string, result: FlowResult): Promise<ReleaseReport | null> {
  if (!result.report) return null;
  const config = await api.loadEnvironment({ environmentsDir, env });
  return (await api.listReports(config.stateDir)).find((r) => r.id === result.releaseId) ?? null;
}

export function App({ api, environmentsDir, onExit, store: givenStore, initial = { name: 'environments' } }: Props) {
  const [screen, setScreen] = useState<Screen>(initial);
  const [store] = useState(() => givenStore ?? createRunStore());
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [status, setStatus] = useState<EnvironmentStatus | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [runReport, setRunReport] = useState<ReleaseReport | null>(null);
  const colors = useColors();
  const controller = useRef<AbortController | null>(null);
  const size = useTerminalSize();
  const running = screen.name === 'run';
  const now = useNow(running);
  const runEnv = screen.name === 'run' ? screen.request.env : null;
  const ask = useCallback(
    async (request: CanaryRequest) => (runEnv ? api.askRunningCanary(await api.loadEnvironment({ environmentsDir, env: runEnv }), request) : null),
    [api, environmentsDir, runEnv],
  );
  const canary = useCanaryRequest(ask);

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
      canary.clear();
      setRunReport(null);
      const abort = new AbortController();
      controller.current = abort;
      setScreen({ name: 'run', request });
      refreshStatus(request.env);
      const finish = (end: RunEnd) => {
        controller.current = null;
        store.dispatch({ type: 'ended', error: null });
        refreshStatus(request.env);
        setScreen({ name: 'end', request, end });
        // The end screen shows it only under the run whose release id it carries.
        if (end.kind === 'result') findRunReport(api, environmentsDir, request.env, end.result).then(setRunReport, () => setRunReport(null));
      };
      api.runCommand(runInputFor(request, environmentsDir, store, abort.signal)).then(
        (result) => finish({ kind: 'result', result }),
        (error: unknown) => finish({ kind: 'error', message: error instanceof Error ? error.message : String(error), exitCode: (error as { exitCode?: number }).exitCode ?? 1 }),
      );
    },
    [api, environmentsDir, store, refreshStatus, canary.clear],
  );

  useKeys((input, key) => {
    if (!(key.ctrl && input === 'c')) return;
    if (screen.name === 'run' && controller.current) {
      if (controller.current.signal.aborted) return onExit(EXIT_INTERRUPTED);
      setCancelling(true);
      controller.current.abort(new Error('cancelled by Ctrl+C in pnpm pipeline'));
      return;
    }
    onExit(exitCodeFor(screen));
  });

  useEffect(() => () => controller.current?.abort(), []);

  const quit = () => onExit(exitCodeFor(screen));
  const backFrom = (from: { env: string; back?: Screen }) => () => setScreen(from.back ?? { name: 'actions', env: from.env });
  const toActions = (env: string) => setScreen({ name: 'actions', env });
  const pickAction = (env: string, action: Action) => setScreen(SCREEN_FOR[action](env));

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
      return (
        <RunView
          snapshot={snapshot}
          request={screen.request}
          status={status}
          now={now}
          width={size.width}
          height={size.height}
          cancelling={cancelling}
          onCanary={canary.onCanary}
          canaryNotice={canary.notice}
        />
      );
    case 'end':
      return (
        <EndScreen
          request={screen.request}
          end={screen.end}
          snapshot={snapshot}
          status={status}
          width={size.width}
          height={size.height}
          reportLines={runReport && screen.end.kind === 'result' && runReport.id === screen.end.result.releaseId ? api.renderReport(runReport, { width: size.width, color: colors }) : null}
          onRollback={() => setScreen({ name: 'rollback', env: screen.request.env })}
          onNew={() => setScreen({ name: 'environments' })}
          onQuit={quit}
          onReport={() => setScreen({ name: 'report', env: screen.request.env, ...(runReport ? { releaseId: runReport.id } : {}), back: screen })}
          onContainerLogs={() => setScreen({ name: 'logs', env: screen.request.env, back: screen })}
        />
      );
    case 'status':
      return <StatusScreen api={api} environmentsDir={environmentsDir} env={screen.env} onBack={() => toActions(screen.env)} />;
    case 'history':
      return <HistoryScreen api={api} environmentsDir={environmentsDir} env={screen.env} onBack={() => toActions(screen.env)} />;
    case 'validate':
      return <ValidateScreen api={api} environmentsDir={environmentsDir} env={screen.env} width={size.width} height={size.height} onBack={backFrom(screen)} onQuit={quit} />;
    case 'logs':
      return <LogsScreen api={api} environmentsDir={environmentsDir} env={screen.env} width={size.width} height={size.height} onBack={backFrom(screen)} onQuit={quit} />;
    case 'report':
      return <ReportScreen api={api} environmentsDir={environmentsDir} env={screen.env} releaseId={screen.releaseId} width={size.width} height={size.height} onBack={backFrom(screen)} onQuit={quit} />;
  }
}
