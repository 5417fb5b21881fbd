export { backup, checkConnection, checkTools, fingerprint, restore } from './postgres.js';
export { listBackups, pruneBackups, type BackupWarning } from './backups.js';
export { compareFingerprints } from './compare.js';
export { connectionEnv, psqlArgv, psqlScriptArgv, redactUrl, restorePipelineArgv } from './describe.js';
export type { BackupMetadata, DatabaseFingerprint, RestoreResult, RowsReplaced, TableFingerprint } from './types.js';
