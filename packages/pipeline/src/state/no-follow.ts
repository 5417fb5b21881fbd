import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ConfigError } from '../errors.js';

// A state file is one Ferry created; a symlink planted in its place (history.jsonl → /etc/…)
// would make a root Ferry write or read wherever it points, so it is refused, never followed.
export const NO_FOLLOW = constants.O_NOFOLLOW;

export function plantedLink(file: string): ConfigError {
  return new ConfigError(`${file} is a symbolic link; Ferry never follows one in its state dir (someone else may have planted it). Inspect it with \`ls -l ${file}\`, then remove it: rm ${file}`);
}

/** open(2) with O_NOFOLLOW; a symlink at `file` is a clear error naming it. */
export async function openNoFollow(file: string, flags: number, mode = 0o600): Promise<FileHandle> {
  try {
    return await open(file, flags | NO_FOLLOW, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw plantedLink(file);
    throw error;
  }
}

/** The whole file as text without following a symlink; null when it does not exist. */
export async function readNoFollow(file: string): Promise<string | null> {
  let handle: FileHandle;
  try {
    handle = await openNoFollow(file, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
