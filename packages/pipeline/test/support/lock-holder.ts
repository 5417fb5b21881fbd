import { spawn, type ChildProcess } from 'node:child_process';

/** A real holder of the deploy lock in another process: a shell takes flock on fd 3, then becomes `sleep` keeping fd 3. */
export function holdLockInAnotherProcess(lockFile: string): Promise<ChildProcess> {
  const child = spawn('sh', ['-c', 'exec 3<>"$1"; flock --exclusive 3; echo held; exec sleep 120', 'sh', lockFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', () => resolve(child));
  });
}

export const exited = (child: ChildProcess): Promise<unknown> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
