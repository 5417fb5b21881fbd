import * as pipeline from '@ferry/pipeline';
import type { CanaryRequest, EnvironmentConfig, EnvironmentStatus, FlowResult, Handoff, LedgerEntry, ReleaseReport, RunInput, VersionChoice } from '@ferry/pipeline';

/** What validateDeployment resolves with: `lines` is the readable summary (✓/✗ per check, totals). */
export type Validation = Awaited<ReturnType<typeof pipeline.validateDeployment>>;
/** The active colour's last log lines; null when nothing serves. */
export type ActiveLogs = Awaited<ReturnType<typeof pipeline.readActiveLogs>>;

/** The ledger's releases, and a warning for each line that is not a release record (torn, edited by hand): never its text. */
export interface History {
  entries: LedgerEntry[];
  skipped: string[];
}

/** Everything the TUI asks of the pipeline; tests inject a fake of these functions to check the UI wiring. */
export interface PipelineApi {
  listEnvironments: (dir: string) => Promise<string[]>;
  loadEnvironment: (options: { environmentsDir: string; env: string; processEnv?: NodeJS.ProcessEnv }) => Promise<EnvironmentConfig>;
  readStatus: (config: EnvironmentConfig, signal?: AbortSignal) => Promise<EnvironmentStatus>;
  readHistory: (config: EnvironmentConfig) => Promise<History>;
  listVersions: (config: EnvironmentConfig, signal?: AbortSignal) => Promise<VersionChoice[]>;
  runCommand: (input: RunInput) => Promise<FlowResult>;
  validateDeployment: (config: EnvironmentConfig, signal?: AbortSignal) => Promise<Validation>;
  readActiveLogs: (config: EnvironmentConfig, tail?: number, signal?: AbortSignal) => Promise<ActiveLogs>;
  listReports: (stateDir: string) => Promise<ReleaseReport[]>;
  renderReport: (report: ReleaseReport, options: { width?: number; color?: boolean }) => string[];
  renderReportList: (reports: ReleaseReport[]) => string[];
  // p/a in the run view: the request goes to the running canary as `ferry promote|abort` from another shell sends it
  askRunningCanary: (config: EnvironmentConfig, request: CanaryRequest) => Promise<Handoff | null>;
}

export const pipelineApi: PipelineApi = {
  listEnvironments: pipeline.listEnvironments,
  loadEnvironment: pipeline.loadEnvironment,
  readStatus: pipeline.readStatus,
  readHistory: async (config) => {
    const skipped: string[] = [];
    const entries = await pipeline.readHistory(config, (warning) => skipped.push(warning));
    return { entries, skipped };
  },
  listVersions: pipeline.listVersions,
  runCommand: pipeline.runCommand,
  validateDeployment: pipeline.validateDeployment,
  readActiveLogs: pipeline.readActiveLogs,
  listReports: pipeline.listReports,
  renderReport: pipeline.renderReport,
  renderReportList: pipeline.renderReportList,
  askRunningCanary: (config, request) => pipeline.handToRunningDeploy(config, request),
};

/** What every screen about one environment gets. */
export interface EnvScreenProps {
  api: PipelineApi;
  environmentsDir: string;
  env: string;
}

/** A full-screen, scrollable view that can go back or quit. */
export interface PaneScreenProps extends EnvScreenProps {
  width: number;
  height: number;
  onBack: () => void;
  onQuit: () => void;
}
