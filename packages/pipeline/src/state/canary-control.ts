// `ferry promote` and `ferry abort` from another shell, while a canary deploy holds the lock: a request file
// the running canary takes (reads and deletes) between its checks. It names the asking process: a request whose
// asker died (killed while it waited) is stale and ignored, so no later canary acts on it. The newest request wins.
import { readFile, rm } from 'node:fs/promises';
import { isProcessAlive, writeFileAtomic } from '@ferry/shared';

export type CanaryRequest = 'promote' | 'abort';

export async function requestCanary(file: string, request: CanaryRequest, pid = process.pid): Promise<void> {
  await writeFileAtomic(file, `${request} ${pid}\n`);
}

/** The pending request of a living asker, taken (the file is deleted), or null; anything else is removed and ignored. */
export async function takeCanaryRequest(file: string): Promise<CanaryRequest | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  await rm(file, { force: true });
  const [request, pid] = text.trim().split(' ');
  if (request !== 'promote' && request !== 'abort') return null;
  return (await isProcessAlive(Number(pid))) ? request : null;
}

/** Whether a request is still waiting for the canary to take it. */
export const requestPending = async (file: string): Promise<boolean> => (await readFile(file, 'utf8').catch(() => null)) !== null;
