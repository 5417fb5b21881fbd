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
  // back: where esc returns (the end screen of the run they were opened from; else the action list)
  | { name: 'validate'; env: string; back?: Screen }
  | { name: 'logs'; env: string; back?: Screen }
  | { name: 'report'; env: string; releaseId?: string; back?: Screen };

/** The equivalent CLI command (recorded as the lock holder of a run started here). */
export function ferryCommand(action: Action, env: string, extra: { tag?: string; to?: string } = {}): string {
  const flags = [`--env ${env}`, ...(extra.tag ? [`--tag ${extra.tag}`] : []), ...(extra.to ? [`--to ${extra.to}`] : [])];
  return `ferry ${action} ${flags.join(' ')}`;
}
