import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupMetadata } from './types.js';

export const dumpPath = (dir: string, id: string) => join(dir, `${id}.dump`);
export const metadataPath = (dir: string, id: string) => join(dir, `${id}.json`);

/** A backup is named by its release id (`20260101T120000Z-ab12`); nothing else is ever read or deleted as one. */
const BACKUP_ID = /^\d{8}T\d{6}Z-[A-Za-z0-9_-]+$/;

/** Where listBackups and pruneBackups say what they skipped; the caller shows it (task output, stderr). */
export type BackupWarning = (message: string) => void;

/** The metadata's own complaint, if any: it must name itself and a plain dump file beside it. */
export function metadataProblem(metadata: unknown, fileName: string): string | null {
  const m = metadata as Partial<BackupMetadata> | null;
  if (typeof m !== 'object' || m === null) return 'not a JSON object';
  if (typeof m.id !== 'string' || !BACKUP_ID.test(m.id)) return `id ${JSON.stringify(m.id)} is not a backup id`;
  if (fileName !== `${m.id}.json`) return `id ${m.id} does not match the file name`;
  if (m.file !== `${m.id}.dump`) return `file ${JSON.stringify(m.file)} is not the plain dump name ${m.id}.dump in the backups dir`;
  if (typeof m.createdAt !== 'string' || !Array.isArray(m.fingerprint?.tables)) return 'createdAt or fingerprint missing';
  return null;
}

async function readMetadata(dir: string, name: string): Promise<BackupMetadata | string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(dir, name), 'utf8'));
  } catch (error) {
    return `unreadable (${(error as Error).message})`;
  }
  return metadataProblem(parsed, name) ?? (parsed as BackupMetadata);
}

/**
 * Every backup in `dir` with its metadata, oldest first; a missing dir holds none. A torn or foreign
 * metadata file is skipped with a warning naming it: one bad file must not stop every later deploy.
 */
export async function listBackups(dir: string, warn: BackupWarning = () => {}): Promise<BackupMetadata[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const all: BackupMetadata[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const read = await readMetadata(dir, name);
    if (typeof read === 'string') warn(`skipped backup metadata ${join(dir, name)}: ${read}; move it out of ${dir} or delete it`);
    else all.push(read);
  }
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * Keeps the newest `retain` backups, removing older ones (dump and metadata) except `protect`ed ids;
 * returns the removed ids. Only backups listBackups accepted are candidates, so every path removed is
 * `<dir>/<backup id>.json|.dump`, never a name taken raw from a file's content.
 */
export async function pruneBackups(dir: string, retain: number, protect: string[] = [], warn: BackupWarning = () => {}): Promise<string[]> {
  const all = await listBackups(dir, warn);
  const doomed = all.slice(0, Math.max(0, all.length - Math.max(0, retain))).filter((b) => !protect.includes(b.id));
  for (const backup of doomed) {
    // Metadata first: a listed backup whose dump is gone would look restorable.
    await rm(metadataPath(dir, backup.id), { force: true });
    await rm(dumpPath(dir, backup.id), { force: true });
  }
  return doomed.map((b) => b.id);
}
