// `ferry promote` and `ferry abort` from another shell, while a canary deploy holds the lock: a request file
// the running canary takes (reads and deletes) between its checks. One request at a time; the newest wins.
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '@ferry/shared';

export type CanaryRequest = 'promote' | 'abort';

export async function requestCanary(file: string, request: CanaryRequest): Promise<void> {
  await writeFileAtomic(file, `${request}\n`);
}

/** The pending request, taken (the file is deleted), or null; a file holding anything else is removed and ignored. */
export async function takeCanaryRequest(file: string): Promise<CanaryRequest | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  await rm(file, { force: true });
  const request = text.trim();
  return request === 'promote' || request === 'abort' ? request : null;
}

/** Whether a request is still waiting for the canary to take it. */
export const requestPending = async (file: string): Promise<boolean> => (await readFile(file, 'utf8').catch(() => null)) !== null;
