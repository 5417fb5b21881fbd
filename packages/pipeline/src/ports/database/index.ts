export { backup, checkConnection, checkTools, fingerprint, restore } from './postgres.js';
export { listBackups, pruneBackups } from './backups.js';
export { compareFingerprints } from './compare.js';
export { connectionEnv, pgDumpArgv, pgRestoreArgv, psqlArgv, redactUrl } from './describe.js';
export type { BackupMetadata, DatabaseFingerprint, RestoreResult, TableFingerprint } from './types.js';
