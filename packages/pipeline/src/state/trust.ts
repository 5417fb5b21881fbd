// Like ssh's StrictModes: whoever can write the state dir, or any directory above it, can replace
// the ledger, the backups and the router config a root nginx reads. Refuse before touching it.
import { lstat, realpath } from 'node:fs/promises';
import { nearestExisting } from '../ports/router/worker-access.js';
import path from 'node:path';
import { ConfigError } from '../errors.js';

export interface DirFacts {
  uid: number;
  mode: number;
}

const STICKY = 0o1000;

/** What is wrong with one directory on the way, or null; `isStateDir` is the state dir or inside it. */
export function untrustedReason(dir: string, facts: DirFacts, uid: number, isStateDir: boolean): string | null {
  if (facts.uid !== uid && facts.uid !== 0) {
    return `${dir} is owned by uid ${facts.uid}, neither you (uid ${uid}) nor root; run: chown ${uid} ${dir} (or choose a state_dir of your own)`;
  }
  const writable = facts.mode & 0o022;
  // A sticky, root-owned directory (/tmp) lets others add entries but not replace ours.
  if (writable && (isStateDir || !(facts.mode & STICKY && facts.uid === 0))) {
    return `${dir} is writable by ${facts.mode & 0o002 ? 'everyone' : 'its group'} (mode ${(facts.mode & 0o7777).toString(8)}); run: chmod go-w ${dir}`;
  }
  return null;
}

/** Checks the state dir (when it exists) and every directory above it up to /; exit 2 naming the path and the fix. */
export async function assertTrustedStateDir(stateDir: string, uid = process.geteuid?.() ?? 0): Promise<void> {
  const start = await nearestExisting(stateDir);
  const real = await realpath(start);
  const insideState = (dir: string) => dir === real && start === path.resolve(stateDir);
  for (let dir = real; ; dir = path.dirname(dir)) {
    const facts = await lstat(dir);
    const reason = untrustedReason(dir, { uid: facts.uid, mode: facts.mode }, uid, insideState(dir));
    if (reason) throw new ConfigError(`state_dir ${stateDir}: ${reason}. Another user able to write there could replace Ferry's ledger, backups or the router config; nothing was changed.`);
    if (dir === path.dirname(dir)) return;
  }
}
