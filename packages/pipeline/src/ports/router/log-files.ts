import { chmod, open, rename, stat } from 'node:fs/promises';
import type { RouterPaths } from './types.js';

// Past this size a log is rotated to `<log>.1` (one old file kept) on the next start/deploy:
// the access log grows with every request, the error log with every upstream failure.
export const LOG_CAP_BYTES = 10 * 1024 * 1024;

// nginx creates missing logs 0644; request lines and client addresses are nobody else's business.
const LOG_MODE = 0o600;

/** Creates the router's logs (or tightens existing ones) at 0600 before nginx opens them. */
export async function prepareLogFiles(paths: RouterPaths): Promise<void> {
  for (const file of [paths.errorLog, paths.accessLog]) {
    await (await open(file, 'a', LOG_MODE)).close();
    await chmod(file, LOG_MODE);
  }
}

/** The logs over the cap, by their current sizes (a missing log is 0). */
export function logsOverCap(sizes: Record<string, number>, capBytes: number): string[] {
  return Object.entries(sizes)
    .filter(([, size]) => size > capBytes)
    .map(([file]) => file);
}

/** Moves each log over the cap to `.1` (replacing the old one) and starts an empty 0600 one; true when it moved any. */
export async function rotateLogs(paths: RouterPaths, capBytes = LOG_CAP_BYTES): Promise<boolean> {
  const sizes: Record<string, number> = {};
  for (const file of [paths.errorLog, paths.accessLog]) sizes[file] = await stat(file).then((s) => s.size, () => 0);
  const over = logsOverCap(sizes, capBytes);
  for (const file of over) {
    await rename(file, `${file}.1`);
    await chmod(`${file}.1`, LOG_MODE); // a log from before Ferry tightened modes stays private once rotated too
  }
  if (over.length > 0) await prepareLogFiles(paths);
  return over.length > 0;
}
