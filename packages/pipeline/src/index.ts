// @ferry/pipeline's public API: what the TUI (and any other front end) may use. Nothing here knows Ink.
export { runCommand, type RunInput } from './api/run-command.js';
export { readStatus, type EnvironmentStatus } from './api/status.js';
export { readHistory } from './api/history.js';
export { listVersions } from './api/versions.js';
export { readActiveLogs } from './api/logs.js';
export { validateDeployment } from './api/validate.js';
export { listReports } from './state/report.js';
export { renderReport, renderReportList } from './planning/report-text.js';
export type { ReleaseReport } from './state/report-types.js';
export { listEnvironments, loadEnvironment } from './config/index.js';
export type { EnvironmentConfig } from './config/types.js';
export { ConfigError, ExitCode, FerryError, type ExitCodeValue } from './errors.js';
export type { CustomRender, RenderMode } from './flows/listr-options.js';
export type { FlowOutcome, FlowResult } from './flows/run-flow.js';
export type { VersionChoice } from './planning/version-choices.js';
export type { LedgerEntry, ReleaseAction } from './state/ledger.js';
export type { ColourView } from './state/truth.js';
export type { ServingState, ServingVerdict } from './state/serving.js';
