import { describeStop, run, type ProcessResult } from '@ferry/shared';
import { FerryError } from '../../errors.js';
import { trimNginxOutput } from './nginx-output.js';

/** Runs nginx; resolves with its exit code (and its output trimmed) instead of throwing on failure (describeFailure words that). */
export async function execNginx(argv: string[], opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ProcessResult> {
  const result = await run(argv, {
    timeoutMs: opts.timeoutMs ?? 15_000,
    signal: opts.signal,
    notFound: (bin) => new FerryError(`nginx is not installed ("${bin}" not found on PATH); install it with: apt-get install nginx-light`),
  });
  if (result.stopped) throw new FerryError(describeStop(result));
  // what nginx said may quote a file it read: trimmed here, before any message or file has it
  const own = [argv[argv.indexOf('-p') + 1] ?? ''].filter(Boolean);
  return { ...result, stdout: trimNginxOutput(result.stdout, own), stderr: trimNginxOutput(result.stderr, own) };
}
