// Node has no flock(2). util-linux's `flock` takes it on a descriptor it inherits from us: the lock
// belongs to the open file description, so it stays held after that child exits, for as long as
// this process keeps the descriptor open, and the kernel drops it when this process dies (even
// kill -9). Node opens files close-on-exec, so nothing else Ferry starts (nginx) inherits it.
import { spawn } from 'node:child_process';
import type { FileHandle } from 'node:fs/promises';
import { findProgram } from '@ferry/shared';

/** flock's exit code when another descriptor holds a conflicting lock. */
const CONFLICT = 75;

/** The argv of one `flock` on the child's fd 3; `waitSeconds` rides out a `ferry status` probe's instant. */
export function flockArgv(mode: 'exclusive' | 'shared', waitSeconds: number): string[] {
  const wait = waitSeconds > 0 ? ['--wait', String(waitSeconds)] : ['--nonblock'];
  return ['flock', `--${mode}`, ...wait, '--conflict-exit-code', String(CONFLICT), '3'];
}

// The lock is Ferry's own need, not the caller's: a PATH without util-linux's dir must not break it.
const flockBinary = () => findProgram('flock', process.env.PATH) ?? 'flock';

/** true: this descriptor now holds the lock; false: another one holds it. */
export async function flockDescriptor(handle: FileHandle, mode: 'exclusive' | 'shared', waitSeconds: number): Promise<boolean> {
  const [, ...args] = flockArgv(mode, waitSeconds);
  const bin = flockBinary();
  // Not the shared zx runner: the whole point is handing this one descriptor to the child as fd 3.
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe', handle.fd] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('flock (util-linux) is not installed: the deploy lock needs it; install util-linux') : error),
    );
    child.once('close', resolve);
  });
  if (code === 0) return true;
  if (code === CONFLICT) return false;
  throw new Error(`could not lock: \`${[bin, ...args].join(' ')}\` exited ${code}: ${stderr.trim() || '(no output)'}`);
}
