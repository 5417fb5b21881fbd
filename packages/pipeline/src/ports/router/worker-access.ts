import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../../errors.js';

/** The closest directory at or above `path` that exists (`/` at worst). */
export async function nearestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    try {
      await stat(current);
      return current;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || current === dirname(current)) throw error;
    }
  }
}

/** Ferry will create `dir` (and its missing parents): the closest existing one must be a directory this user can write. */
export async function assertCreatable(dir: string, what: string): Promise<void> {
  const existing = await nearestExisting(dir);
  if (!(await stat(existing)).isDirectory()) {
    throw new ConfigError(`${what}: cannot create ${dir}: ${existing} is not a directory; remove it or choose another state_dir`);
  }
  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw new ConfigError(`${what}: cannot create ${dir}: ${existing} is not writable by uid ${process.geteuid?.()}; choose a state_dir you can write or fix the permissions of ${existing}`);
  }
}

/**
 * A root nginx master runs its workers as `nobody`, and they write request bodies and large
 * responses under the temp dir. A directory on the way they cannot traverse turns those requests
 * into 500s long after startup, so refuse up front and name the directory.
 */
export async function assertWorkersCanReach(dir: string, isRoot = process.geteuid?.() === 0): Promise<void> {
  if (!isRoot) return; // the workers run as this same user
  for (let current = await nearestExisting(dir); ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new ConfigError(
        `router: nginx workers run as "nobody" and cannot enter ${current} (mode ${(mode & 0o777).toString(8)}), so request bodies nginx buffers to ${dir} would fail; run: chmod o+x ${current}`,
      );
    }
    if (current === dirname(current)) return;
  }
}
