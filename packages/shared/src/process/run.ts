// The one way Ferry runs a program. zx's $ spawns it with the argv interpolated as an array, so zx
// quotes every element and nothing here adds quotes: "$(rm -rf ~)" reaches the program as those
// characters. Output is collected and relayed line by line as it arrives; a deadline or an
// AbortSignal stops the program (SIGTERM to its process tree, then SIGKILL after a grace period).
import path from 'node:path';
import type { ProcessPromise } from 'zx/core';
import { findExecutable, findProgram, isExecutableFile } from './find-executable.js';
import { relayLines } from './lines.js';

export type OutputStream = 'stdout' | 'stderr';
export type StopReason = 'timeout' | 'cancelled';

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal; // aborting it stops the program (Ctrl+C)
  env?: NodeJS.ProcessEnv; // the program's whole environment, default process.env; its PATH finds argv[0]
  cwd?: string;
  input?: string; // written to stdin; without it stdin is /dev/null, so nothing can wait for a terminal
  onLine?: (line: string, stream: OutputStream) => void; // each non-blank output line as it arrives
  killGraceMs?: number; // from SIGTERM to SIGKILL when stopped; default 5 s
  notFound?: (bin: string) => Error; // thrown when argv[0] is not an executable on PATH
}

/** What a program did, from zx's ProcessOutput; a non-zero exit is a result, not an exception. */
export interface ProcessResult {
  argv: readonly string[];
  code: number | null; // null when a signal ended it
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  stopped: StopReason | null; // Ferry stopped it: the deadline passed or the signal aborted
  timeoutMs: number;
}

const DEFAULT_KILL_GRACE_MS = 5_000;

// zx looks for bash on PATH once, when it loads; Ferry may run with a PATH without it (cron, a
// test's PATH=/nonexistent), so the shell and its quoting are named on every call.
const bash = () => findProgram('bash', process.env['PATH']) ?? 'bash';

export function notInstalled(bin: string): Error {
  return new Error(`${bin} is not installed (not found on PATH)`);
}

/** Runs argv[0] with the rest as its arguments; throws only when it cannot be started at all. */
export async function run(argv: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const [bin] = argv;
  if (bin === undefined) throw new TypeError('run: argv is empty');
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  // Looked up before starting: through a shell a missing program is only an ambiguous exit 127.
  if (!isFound(bin, env['PATH'], cwd)) throw (options.notFound ?? notInstalled)(bin);
  const facts = { argv, timeoutMs: options.timeoutMs };
  if (options.signal?.aborted) return { ...facts, code: null, signal: null, stdout: '', stderr: '', durationMs: 0, stopped: 'cancelled' };
  // loaded at the first run, not with the package: ~150 ms that a command running no program never pays
  const { $, quote } = await import('zx/core');
  const child = $({
    shell: bash(),
    quote,
    prefix: 'set -euo pipefail;',
    cwd,
    env: forShell(env),
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    quiet: true,
    verbose: false,
    nothrow: true,
  })`${argv}`;
  const flushes = relay(child, options.onLine);
  // The abort signal is handled here, not by zx: one SIGTERM to the whole tree, then SIGKILL.
  const stopping = stopWhenDue(child, options);
  const output = await child;
  stopping.disarm();
  flushes.forEach((flush) => flush());
  if (output.cause && !stopping.reason) throw new Error(`could not run ${argv.join(' ')}: ${output.cause.message}`);
  return {
    ...facts,
    code: output.exitCode,
    signal: output.signal,
    stdout: output.stdout,
    stderr: output.stderr,
    durationMs: output.duration,
    stopped: stopping.reason,
  };
}

function isFound(bin: string, pathVar: string | undefined, cwd: string): boolean {
  return bin.includes('/') ? isExecutableFile(path.resolve(cwd, bin)) : findExecutable(bin, pathVar) !== null;
}

// zx runs the command through `bash -c`, which must not run the user's start-up files first:
// BASH_ENV names one for every non-interactive bash, and at shell level 1 bash reads ~/.bashrc
// whenever its stdin is a socket, which node's stdio pipes are.
function forShell(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { BASH_ENV: _startupFile, ...rest } = env;
  return { ...rest, SHLVL: String(Math.max(1, Number(env['SHLVL']) || 0)) };
}

function relay(child: ProcessPromise, onLine: RunOptions['onLine']): Array<() => void> {
  if (!onLine) return [];
  return (['stdout', 'stderr'] as const).flatMap((stream) => {
    const source = child[stream];
    return source ? [relayLines(source, (line) => onLine(line, stream))] : [];
  });
}

function stopWhenDue(child: ProcessPromise, options: RunOptions): { readonly reason: StopReason | null; disarm(): void } {
  let reason: StopReason | null = null;
  let escalation: NodeJS.Timeout | undefined;
  const stop = (why: StopReason) => {
    if (reason) return;
    reason = why;
    signalTree(child, 'SIGTERM');
    escalation = setTimeout(() => signalTree(child, 'SIGKILL'), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  };
  const deadline = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    get reason() {
      return reason;
    },
    disarm() {
      clearTimeout(deadline);
      clearTimeout(escalation);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

// zx signals the program and its descendants; if that fails (no `ps`), at least the program itself.
function signalTree(child: ProcessPromise, signal: NodeJS.Signals): void {
  try {
    child.kill(signal).catch(() => child.child?.kill(signal));
  } catch {
    // it has already ended
  }
}
