import path from 'node:path';
import { backup, pruneBackups } from '../ports/database/index.js';
import { dumpPath } from '../ports/database/backups.js';
import { statePaths } from '../state/paths.js';
import type { FlowTask } from '../flows/context.js';
import { databaseRun, databaseUrl } from './database-support.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** pg_dump before the release touches the schema; retention keeps the newest `backup.retain`. */
export function backupDatabaseStep(): FlowTask {
  return {
    title: 'Back up database',
    enabled: (ctx) => ctx.config.database !== undefined,
    task: async (ctx, task) => {
      const dir = statePaths(ctx.config.stateDir).backupsDir;
      const started = Date.now();
      const tag = ctx.action === 'restore' ? `before restore of ${ctx.restoreFrom!.metadata.id}` : ctx.tag;
      const metadata = await backup({ url: databaseUrl(ctx), dir, tag, id: ctx.releaseId });
      ctx.timings.backupMs = Date.now() - started;
      const run = databaseRun(ctx);
      run.backup = metadata;
      run.backupFile = dumpPath(dir, metadata.id);
      const rows = metadata.fingerprint.tables.reduce((sum, t) => sum + t.rows, 0);
      // Never prune the backup a restore is about to read.
      const pruned = await pruneBackups(dir, ctx.config.database!.backupRetain, ctx.restoreFrom ? [ctx.restoreFrom.metadata.id] : [], (warning) =>
        ctx.warnings.push(warning),
      );
      task.output = metadata.fingerprint.tables.map((t) => `${t.schema}.${t.name}: ${t.rows} rows, checksum ${t.checksum.slice(0, 12)}`).join('\n') || '(no tables)';
      task.title =
        `Back up database: ${metadata.id} (${metadata.fingerprint.tables.length} tables, ${rows} rows, ${mb(metadata.size)}, ` +
        `sha256 ${metadata.sha256.slice(0, 12)}, ${ctx.timings.backupMs} ms)${pruned.length ? `; pruned ${pruned.length} old` : ''} → ${path.relative(ctx.config.stateDir, run.backupFile)}`;
    },
  };
}
