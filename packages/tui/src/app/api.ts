import * as pipeline from '@ferry/pipeline';
import type { EnvironmentConfig, EnvironmentStatus, FlowResult, LedgerEntry, RunInput, VersionChoice } from '@ferry/pipeline';

/** Everything the TUI asks of the pipeline; tests inject a fake of these functions to check the UI wiring. */
export interface PipelineApi {
  listEnvironments: (dir: string) => Promise<string[]>;
  loadEnvironment: (options: { environmentsDir: string; env: string; processEnv?: NodeJS.ProcessEnv }) => Promise<EnvironmentConfig>;
  readStatus: (config: EnvironmentConfig, signal?: AbortSignal) => Promise<EnvironmentStatus>;
  readHistory: (config: EnvironmentConfig) => Promise<LedgerEntry[]>;
  listVersions: (config: EnvironmentConfig, signal?: AbortSignal) => Promise<VersionChoice[]>;
  runCommand: (input: RunInput) => Promise<FlowResult>;
}

export const pipelineApi: PipelineApi = {
  listEnvironments: pipeline.listEnvironments,
  loadEnvironment: pipeline.loadEnvironment,
  readStatus: pipeline.readStatus,
  readHistory: pipeline.readHistory,
  listVersions: pipeline.listVersions,
  runCommand: pipeline.runCommand,
};
