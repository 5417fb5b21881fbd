import type { FlowResult } from '@ferry/pipeline';

export type Action = 'deploy' | 'rollback' | 'validate' | 'status' | 'history' | 'logs' | 'report';

/** A change the user asked for, before it runs. */
export interface RunRequest {
  action: 'deploy' | 'rollback';
  env: string;
  tag?: string; // deploy
  to?: string; // rollback; absent = the previous version
}

/** How a run ended: the pipeline's result, or an error thrown before anything changed. */
export type RunEnd = { kind: 'result'; result: FlowResult } | { kind: 'error'; message: string; exitCode: number };

export type Screen =
  | { name: 'environments' }
  | { name: 'actions'; env: string }
  | { name: 'tag'; env: string }
  | { name: 'rollback'; env: string }
  | { name: 'confirm'; request: RunRequest }
  | { name: 'run'; request: RunRequest }
  | { name: 'end'; request: RunRequest; end: RunEnd }
  | { name: 'status'; env: string }
  | { name: 'history'; env: string }
  | { name: 'unavailable'; env: string; action: Action };

/** The equivalent CLI command, shown where the TUI cannot do it itself (and recorded as the lock holder). */
export function ferryCommand(action: Action, env: string, extra: { tag?: string; to?: string } = {}): string {
  const flags = [`--env ${env}`, ...(extra.tag ? [`--tag ${extra.tag}`] : []), ...(extra.to ? [`--to ${extra.to}`] : [])];
  return `ferry ${action} ${flags.join(' ')}`;
}
