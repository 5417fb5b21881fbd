import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupMetadata } from './types.js';

export const dumpPath = (dir: string, id: string) => join(dir, `${id}.dump`);
export const metadataPath = (dir: string, id: string) => join(dir, `${id}.json`);

/** Every backup in `dir` with its metadata, oldest first; a missing dir holds none. */
export async function listBackups(dir: string): Promise<BackupMetadata[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const all = await Promise.all(
    names.filter((n) => n.endsWith('.json')).map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as BackupMetadata),
  );
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Keeps the newest `retain` backups, removing older ones (dump and metadata) except `protect`ed ids; returns the removed ids. */
export async function pruneBackups(dir: string, retain: number, protect: string[] = []): Promise<string[]> {
  const all = await listBackups(dir);
  const doomed = all.slice(0, Math.max(0, all.length - Math.max(0, retain))).filter((b) => !protect.includes(b.id));
  for (const backup of doomed) {
    // Metadata first: a listed backup whose dump is gone would look restorable.
    await rm(metadataPath(dir, backup.id), { force: true });
    await rm(join(dir, backup.file), { force: true });
  }
  return doomed.map((b) => b.id);
}
