import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { statePaths } from './paths.js';

// What Ferry writes in a state dir; anything else there is not Ferry's to delete.
function ferryEntries(stateDir: string): Set<string> {
  return new Set([...Object.values(statePaths(stateDir)).map((p) => path.basename(p)), 'router']);
}

/**
 * `ferry remove --purge`: deletes Ferry's files from the state dir, then the dir itself when nothing
 * else is left. A state_dir pointed at a directory holding other files keeps them.
 */
export async function purgeStateDir(stateDir: string): Promise<{ path: string; deleted: boolean; kept: string[] }> {
  const entries = await readdir(stateDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (entries === null) return { path: stateDir, deleted: true, kept: [] };
  const ours = ferryEntries(stateDir);
  // deploy.lock.<pid>.<time>: a lock being written, left by a crash
  const isOurs = (name: string) => ours.has(name) || name.startsWith(`${path.basename(statePaths(stateDir).lockFile)}.`);
  for (const name of entries.filter(isOurs)) await rm(path.join(stateDir, name), { recursive: true, force: true });
  const kept = entries.filter((name) => !isOurs(name)).sort();
  if (kept.length === 0) await rmdir(stateDir);
  return { path: stateDir, deleted: kept.length === 0, kept };
}

/** Removes `dir` and its parents below `stop` while they are empty (what a mkdir -p made and nothing used). */
export async function removeEmptyDirsUpTo(dir: string, stop: string): Promise<void> {
  for (let current = dir; current !== stop && current.startsWith(`${stop}${path.sep}`); current = path.dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty, or already gone
    }
  }
}
