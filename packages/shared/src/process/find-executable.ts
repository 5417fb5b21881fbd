import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on a PATH string, or null. Empty entries (the current directory) are ignored. */
export function findExecutable(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (dir && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Where Debian installs the programs Ferry itself needs (bash, flock, nginx); /usr/sbin is not on a user's PATH. */
export const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * A program Ferry itself needs: first on PATH, else in the system directories, since Ferry may run
 * with a PATH that lacks them (cron, a minimal service environment). null when it is nowhere.
 */
export function findProgram(name: string, pathVar: string | undefined): string | null {
  return findExecutable(name, pathVar) ?? findExecutable(name, SYSTEM_DIRS.join(delimiter));
}
