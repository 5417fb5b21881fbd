import { execFile } from 'node:child_process';
import { FerryError } from '../../errors.js';

export interface ExecResult {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs nginx without a shell; resolves with the exit code instead of throwing on failure. */
export function execNginx(argv: string[], opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ExecResult> {
  const [bin, ...args] = argv as [string, ...string[]];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      { timeout: opts.timeoutMs ?? 15_000, signal: opts.signal, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const durationMs = Date.now() - started;
        const code = (error as NodeJS.ErrnoException | null)?.code as unknown;
        if (!error || typeof code === 'number') {
          resolve({ argv, code: typeof code === 'number' ? code : 0, stdout, stderr, durationMs });
        } else if (code === 'ENOENT') {
          reject(new FerryError(`nginx is not installed ("${bin}" not found on PATH); install it with: apt-get install nginx-light`));
        } else if (error.name === 'AbortError') {
          reject(new FerryError(`cancelled: ${argv.join(' ')}`));
        } else if ((error as { killed?: boolean }).killed) {
          reject(new FerryError(`${argv.join(' ')} did not finish within ${durationMs}ms and was killed`));
        } else {
          reject(new FerryError(`could not run ${argv.join(' ')}: ${error.message}`));
        }
      },
    );
  });
}

/** One error message for every failed nginx command: what ran, its exit code and what nginx said. */
export function describeFailure(what: string, result: ExecResult): string {
  const said = result.stderr.trim() || result.stdout.trim() || '(no output)';
  return `${what}: \`${result.argv.join(' ')}\` exited ${result.code} after ${result.durationMs}ms: ${said}`;
}
