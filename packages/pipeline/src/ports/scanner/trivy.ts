import { describeStop, findExecutable, lastLines, run } from '@ferry/shared';
import { ConfigError, FerryError } from '../../errors.js';
import { parseTrivyReport } from './report.js';
import type { TrivyReport } from './types.js';

export const TRIVY_INSTALL_URL = 'https://trivy.dev/latest/getting-started/installation/';

/** How many stderr lines a failure message quotes: enough for trivy's FATAL line and its cause. */
const STDERR_TAIL = 10;

/** The first executable `name` on a PATH string, or null: the "is trivy installed" check. */
export function findTrivy(pathVar: string | undefined, name = 'trivy'): string | null {
  return findExecutable(name, pathVar);
}

export function trivyMissing(): ConfigError {
  return new ConfigError(
    `trivy is not installed (not found on PATH); install it: ${TRIVY_INSTALL_URL} — or turn the scan step off for this environment`,
  );
}

export interface RunTrivyOptions {
  /** From trivyArgv(); argv[0] is looked up on env.PATH unless it is an absolute path. */
  argv: string[];
  /** The child's environment (and the PATH trivy is found on); default process.env. */
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Each stderr line as it arrives (progress and warnings; stdout is the report). */
  onOutput?: (line: string) => void;
}

/** Runs trivy and parses its JSON report; any non-zero exit is "trivy failed". */
export async function runTrivy(opts: RunTrivyOptions): Promise<TrivyReport> {
  const command = opts.argv.join(' ');
  if (opts.signal?.aborted) throw new FerryError(`cancelled before start: ${command}`);
  const trivy = await run(opts.argv, {
    env: opts.env ?? process.env,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    onLine: (line, stream) => stream === 'stderr' && opts.onOutput?.(line),
    notFound: trivyMissing,
  });
  if (trivy.stopped) throw new FerryError(describeStop(trivy));
  if (trivy.code !== 0) {
    const tail = lastLines(trivy.stderr, STDERR_TAIL);
    const said = tail.length ? `; trivy said:\n${tail.join('\n')}` : ' with no output on stderr';
    throw new FerryError(`trivy failed (exit ${trivy.code ?? trivy.signal}) after ${(trivy.durationMs / 1000).toFixed(1)}s: ${command}${said}`);
  }
  return parseTrivyReport(trivy.stdout);
}
