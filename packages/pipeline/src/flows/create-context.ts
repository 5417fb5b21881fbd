import type { EnvironmentConfig } from '../config/types.js';
import { newReleaseId } from '../state/ids.js';
import type { LedgerEntry, ReleaseAction } from '../state/ledger.js';
import type { FlowContext, FlowOptions, FlowPorts } from './context.js';

export function createFlowContext(input: {
  action: ReleaseAction;
  config: EnvironmentConfig;
  command: string;
  tag: string;
  options: FlowOptions;
  ports: FlowPorts;
  secrets: Record<string, string>;
  ledger: LedgerEntry[];
  signal: AbortSignal;
}): FlowContext {
  return {
    ...input,
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
}
