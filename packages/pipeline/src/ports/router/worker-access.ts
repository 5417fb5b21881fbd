import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../../errors.js';

/**
 * A root nginx master runs its workers as `nobody`, and they write request bodies and large
 * responses under the temp dir. A parent they cannot traverse turns those requests into 500s
 * long after startup, so refuse up front and name the directory.
 */
export async function assertWorkersCanReach(dir: string, isRoot = process.getuid?.() === 0): Promise<void> {
  if (!isRoot) return; // the workers run as this same user
  for (let current = dirname(dir); ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new ConfigError(
        `stateDir: nginx workers run as "nobody" and cannot enter ${current} (mode ${(mode & 0o777).toString(8)}), so large requests would fail; run: chmod o+x ${current}`,
      );
    }
    if (current === dirname(current)) return;
  }
}
