import { randomBytes } from 'node:crypto';
import { open, rename, mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Write a file so that readers see the old or the new content, never half of it: an exclusive temp
 * file with an unguessable name (nothing planted there is written through), fsync, rename, and an
 * fsync of the directory so the rename survives a crash. State files are private by default.
 */
export async function writeFileAtomic(file: string, content: string, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
