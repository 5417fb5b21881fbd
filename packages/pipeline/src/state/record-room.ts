// Before a release changes anything, the state dir must be able to record it: a release that
// cannot be written to the ledger would serve with no history, and the next command would plan
// from a lie. Space and permissions are checked while nothing has changed yet (exit 2).
import { constants } from 'node:fs';
import { access, lstat, readdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { plantedLink } from './no-follow.js';
import { statePaths } from './paths.js';

/** Room for the lock, the release snapshot, the ledger line and the report, many times over. */
export const RECORD_ROOM_BYTES = 1024 * 1024;
const RECORD_ROOM_INODES = 16;

/** What the state dir's file system and files say, gathered without writing anything. */
export interface RecordFacts {
  stateDir: string;
  backupBytes: number; // a database backup this command takes: the size of the largest dump there now (0: none taken, or none yet)
  availableBytes: number; // for an unprivileged writer (statfs bavail × bsize)
  availableInodes: number; // statfs ffree; 0 on file systems that do not count them is read as "unknown" by the caller
  countsInodes: boolean;
  // each path Ferry writes for a release: what is there now (or 'missing') and whether this process may write it
  paths: { file: string; kind: 'file' | 'directory' | 'link' | 'missing' | 'other'; want: 'file' | 'directory'; writable: boolean }[];
}

const kib = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.floor(bytes / 1024)} KiB`);

/** Why a release could not be recorded, or null when it can; pure, from the facts. */
export function recordProblem(facts: RecordFacts): string | null {
  const fix = `free some space there or set state_dir to a directory on another file system`;
  const needed = RECORD_ROOM_BYTES + facts.backupBytes;
  if (facts.availableBytes < needed) {
    // a backup that fills the disk would leave the ledger line unwritten: its room is counted too
    const backup = facts.backupBytes > 0 ? ` and a database backup as large as the largest one in ${statePaths(facts.stateDir).backupsDir}` : '';
    return `state_dir ${facts.stateDir} has ${kib(facts.availableBytes)} free; ferry needs ${kib(needed)} there to record a release (the lock, the release snapshot, the ledger line, the report${backup}); ${fix}`;
  }
  if (facts.countsInodes && facts.availableInodes < RECORD_ROOM_INODES) {
    return `state_dir ${facts.stateDir} has ${facts.availableInodes} free inodes; ferry needs ${RECORD_ROOM_INODES} there to record a release; ${fix}`;
  }
  for (const entry of facts.paths) {
    if (entry.kind === 'link') return plantedLink(entry.file).message;
    if (entry.kind !== 'missing' && entry.kind !== entry.want) {
      return `${entry.file} should be a ${entry.want} ferry writes, but it is not (${entry.kind}); inspect it with \`ls -ld ${entry.file}\`, then move it away`;
    }
    if (!entry.writable) {
      return `${entry.file} is not writable by this process (uid ${process.geteuid?.() ?? '?'}); a release could not be recorded there; fix its permissions (or the file system's read-only mount) or set state_dir elsewhere`;
    }
  }
  return null;
}

/** Reads the facts: statfs of the state dir, and for each path Ferry writes, its kind and write access (its dir's when missing). */
export async function gatherRecordFacts(stateDir: string, takesBackup = false): Promise<RecordFacts> {
  const { ledger, releasesDir, backupsDir } = statePaths(stateDir);
  const existing = await nearestExisting(stateDir); // a first release creates the state dir (the lock's write)
  const fs = await statfs(existing);
  const paths = await Promise.all([
    inspect(stateDir, 'directory', existing),
    inspect(ledger, 'file', existing),
    inspect(releasesDir, 'directory', existing),
  ]);
  const backupBytes = takesBackup ? await largestDump(backupsDir) : 0;
  return { stateDir, backupBytes, availableBytes: fs.bavail * fs.bsize, availableInodes: fs.ffree, countsInodes: fs.files > 0, paths };
}

/** The largest database dump in the backups dir: the next backup's likely size (a database grows). */
async function largestDump(backupsDir: string): Promise<number> {
  const names = await readdir(backupsDir).catch(() => [] as string[]);
  const sizes = await Promise.all(names.filter((name) => name.endsWith('.dump')).map((name) => lstat(path.join(backupsDir, name)).then((s) => (s.isFile() ? s.size : 0), () => 0)));
  return Math.max(0, ...sizes);
}

async function nearestExisting(dir: string): Promise<string> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if ((await lstat(at).catch(() => null)) || at === path.dirname(at)) return at;
  }
}

async function inspect(file: string, want: 'file' | 'directory', parent: string): Promise<RecordFacts['paths'][number]> {
  const stats = await lstat(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
  const kind = stats === null ? 'missing' : stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'link' : 'other';
  // access(2) also answers EROFS and EPERM (immutable) for root, whom mode bits never stop
  const target = kind === 'missing' ? parent : file;
  const writable = await access(target, constants.W_OK | (kind === 'file' ? 0 : constants.X_OK)).then(() => true, () => false);
  return { file, kind, want, writable };
}

/** Exit 2, nothing changed, when the state dir could not record the release this command would start. */
export async function assertCanRecord(stateDir: string, takesBackup = false): Promise<void> {
  const problem = recordProblem(await gatherRecordFacts(stateDir, takesBackup));
  if (problem) throw new ConfigError(problem);
}
