import { describeStop, run, type ProcessResult } from '@ferry/shared';
import { FerryError } from '../../errors.js';

/** Runs nginx; resolves with its exit code instead of throwing on failure (describeFailure words that). */
export async function execNginx(argv: string[], opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ProcessResult> {
  const result = await run(argv, {
    timeoutMs: opts.timeoutMs ?? 15_000,
    signal: opts.signal,
    notFound: (bin) => new FerryError(`nginx is not installed ("${bin}" not found on PATH); install it with: apt-get install nginx-light`),
  });
  if (result.stopped) throw new FerryError(describeStop(result));
  return result;
}
