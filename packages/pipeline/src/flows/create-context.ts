import type { Redactor } from '../config/redactor.js';
import type { EnvironmentConfig } from '../config/types.js';
import { newReleaseId } from '../state/ids.js';
import type { LedgerEntry, ReleaseAction } from '../state/ledger.js';
import type { FlowContext, FlowOptions, FlowPorts } from './context.js';
import type { ProgressListener } from './progress-events.js';

export function createFlowContext(input: {
  action: ReleaseAction;
  config: EnvironmentConfig;
  command: string;
  tag: string;
  options: FlowOptions;
  ports: FlowPorts;
  secrets: Record<string, string>;
  redactor: Redactor;
  ledger: LedgerEntry[];
  signal: AbortSignal;
  abandon?: AbortSignal;
  progress?: ProgressListener;
}): FlowContext {
  const ctx: FlowContext = {
    ...input,
    progress: input.progress ?? (() => undefined),
    releaseId: newReleaseId(),
    startedAt: new Date().toISOString(),
    active: null,
    imageId: null,
    timings: {},
    undo: [],
    recoveryErrors: [],
    recoveryNotes: [],
    steps: [],
    notifications: [],
    warnings: [],
  };
  // Every engine call ends when the command is cancelled; the undo's calls only when the run is abandoned.
  const current = () => (ctx.recovering ? ctx.abandon : ctx.signal);
  for (const engine of new Set([input.ports.docker, input.ports.builder])) engine.cancelWith(current);
  return ctx;
}
