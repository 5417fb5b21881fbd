import { spawn } from 'node:child_process';
import { findExecutable, isExecutableFile } from '../find-executable.js';
import { isAbsolute } from 'node:path';
import { ConfigError, FerryError } from '../../errors.js';
import { parseTrivyReport } from './report.js';
import type { TrivyReport } from './types.js';

export const TRIVY_INSTALL_URL = 'https://trivy.dev/latest/getting-started/installation/';

/** How many stderr lines a failure message quotes: enough for trivy's FATAL line and its cause. */
const STDERR_TAIL = 10;
/** Time trivy gets to exit after SIGTERM before it is killed outright. */
const KILL_GRACE_MS = 5_000;

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

/** Runs trivy without a shell and parses its JSON report; any non-zero exit is "trivy failed". */
export async function runTrivy(opts: RunTrivyOptions): Promise<TrivyReport> {
  const [name, ...args] = opts.argv as [string, ...string[]];
  const env = opts.env ?? process.env;
  const bin = isAbsolute(name) ? (isExecutableFile(name) ? name : null) : findTrivy(env['PATH'], name);
  if (!bin) throw trivyMissing();
  if (opts.signal?.aborted) throw new FerryError(`cancelled before start: ${opts.argv.join(' ')}`);
  const stdout = await collect(bin, args, env, opts);
  return parseTrivyReport(stdout);
}

function collect(bin: string, args: string[], env: NodeJS.ProcessEnv, opts: RunTrivyOptions): Promise<string> {
  const command = opts.argv.join(' ');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const tail: string[] = [];
    let partial = '';
    let stopped: 'timeout' | 'cancelled' | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const emit = (line: string) => {
      tail.push(line);
      if (tail.length > STDERR_TAIL) tail.shift();
      opts.onOutput?.(line);
    };
    const stop = (why: 'timeout' | 'cancelled') => {
      stopped ??= why;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const onAbort = () => stop('cancelled');
    const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    };

    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop() ?? '';
      lines.filter((l) => l.trim()).forEach(emit);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(error.code === 'ENOENT' ? trivyMissing() : new FerryError(`could not run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      cleanup();
      if (partial.trim()) emit(partial);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const said = tail.length ? `; trivy said:\n${tail.join('\n')}` : ' with no output on stderr';
      if (stopped === 'cancelled') reject(new FerryError(`cancelled: ${command}`));
      else if (stopped === 'timeout') reject(new FerryError(`${command} did not finish within ${opts.timeoutMs}ms and was stopped`));
      else if (code !== 0) reject(new FerryError(`trivy failed (exit ${code ?? signal}) after ${seconds}s: ${command}${said}`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
