import { ConfigError } from '../errors.js';
import { listBackups } from '../ports/database/index.js';
import { dumpPath } from '../ports/database/backups.js';
import { statePaths } from '../state/paths.js';
import type { FlowTask } from '../flows/context.js';
import { databaseRun } from './database-support.js';

/** `--backup ID` must name a backup of this environment; the restore flow reads it from ctx.database. */
export function findBackupStep(id: string): FlowTask {
  return {
    title: `Find backup ${id}`,
    task: async (ctx, task) => {
      const dir = statePaths(ctx.config.stateDir).backupsDir;
      const all = await listBackups(dir, (warning) => ctx.warnings.push(warning));
      const found = all.find((b) => b.id === id);
      if (!found) {
        const known = all.map((b) => b.id).join(', ') || 'none yet';
        throw new ConfigError(`--backup ${id}: no such backup in ${dir} (available: ${known}); list them with: ferry backups --env ${ctx.config.name}`);
      }
      ctx.restoreFrom = { metadata: found, file: dumpPath(dir, found.id) };
      databaseRun(ctx);
      task.title = `Find backup ${id}: taken ${found.createdAt} before ${found.tag}, ${found.fingerprint.tables.length} tables`;
    },
  };
}
