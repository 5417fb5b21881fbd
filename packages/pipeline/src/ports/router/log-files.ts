import { chmod, open, rename, stat } from 'node:fs/promises';
import type { RouterPaths } from './types.js';

// Past this size the access log is rotated to access.log.1 (one old file kept) on the next start/deploy.
export const ACCESS_LOG_CAP_BYTES = 10 * 1024 * 1024;

// nginx creates missing logs 0644; request lines and client addresses are nobody else's business.
const LOG_MODE = 0o600;

/** Creates the router's logs (or tightens existing ones) at 0600 before nginx opens them. */
export async function prepareLogFiles(paths: RouterPaths): Promise<void> {
  for (const file of [paths.errorLog, paths.accessLog]) {
    await (await open(file, 'a', LOG_MODE)).close();
    await chmod(file, LOG_MODE);
  }
}

/** Moves an access log over the cap to `.1` (replacing the old one) and starts an empty one; true when it did. */
export async function rotateAccessLog(paths: RouterPaths, capBytes = ACCESS_LOG_CAP_BYTES): Promise<boolean> {
  const size = await stat(paths.accessLog).then((s) => s.size, () => 0);
  if (size <= capBytes) return false;
  await rename(paths.accessLog, `${paths.accessLog}.1`);
  await prepareLogFiles(paths);
  return true;
}
