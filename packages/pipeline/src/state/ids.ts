import { randomBytes } from 'node:crypto';

/** Sortable, unique release id: 20261124T173000Z-3f9a. */
export function newReleaseId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
