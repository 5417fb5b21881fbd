import { listBackups } from '../../ports/database/index.js';
import { statePaths } from '../../state/paths.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines, printProgress } from '../print.js';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`);

/** `ferry backups`: the environment's database backups, oldest first, from their metadata files. */
export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const dir = statePaths(config.stateDir).backupsDir;
  // A skipped metadata file is named on stderr; stdout stays the list (and valid JSON with --json).
  const backups = await listBackups(dir, (warning) => printProgress(`warning: ${warning}`));
  if (args.json) {
    printJson(backups.map((b) => ({ ...b, path: `${dir}/${b.file}` })));
    return 0;
  }
  if (backups.length === 0) {
    printLines([`${config.name}: no database backups yet (${dir})`]);
    return 0;
  }
  printLines([
    `${config.name}: ${backups.length} backup(s) in ${dir} (retain ${config.database?.backupRetain ?? '-'})`,
    ...backups.map((b) => {
      const rows = b.fingerprint.tables.reduce((sum, t) => sum + t.rows, 0);
      return [b.id, b.createdAt, b.tag.padEnd(12), `${b.fingerprint.tables.length} tables`, `${rows} rows`, size(b.size), `sha256 ${b.sha256.slice(0, 12)}`].join('  ');
    }),
  ]);
  return 0;
}
