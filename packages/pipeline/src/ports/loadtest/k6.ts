import { spawn } from 'node:child_process';
import { findExecutable } from '../find-executable.js';
import { readFile, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ConfigError, FerryError } from '../../errors.js';
import { describeK6Exit, K6_EXIT, K6_INSTALL_URL } from './describe.js';
import { parseK6Summary, type K6Summary } from './k6-summary.js';

// Runs the real k6 binary (no shell), relays its output line by line and reads the summary it exported.

export type OutputStream = 'stdout' | 'stderr';

export interface RunK6Options {
  argv: string[]; // from k6Argv
  summaryFile: string; // the --summary-export path inside argv
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (line: string, stream: OutputStream) => void;
  env?: NodeJS.ProcessEnv; // defaults to process.env; its PATH is where `k6` is looked up
}

export interface K6Run {
  exitCode: number; // 0 or 99: every other code throws
  summary: K6Summary;
}

const KILL_GRACE_MS = 5_000;
const TAIL_LINES = 10;

// Inherited settings that would change or suppress the file we read, or switch thresholds off.
const OVERRIDING_ENV = ['K6_NEW_MACHINE_READABLE_SUMMARY', 'K6_SUMMARY_MODE', 'K6_NO_SUMMARY', 'K6_NO_THRESHOLDS', 'K6_SUMMARY_EXPORT'];

export function k6MissingError(bin: string): ConfigError {
  return new ConfigError(`k6 is not installed ("${bin}" not found on PATH); install it from ${K6_INSTALL_URL} or let the load test use the Node fallback engine`);
}

/** The first executable `k6` on PATH, or null. Empty PATH entries (the current directory) are ignored. */
export function findK6(path: string | undefined): string | null {
  return findExecutable('k6', path);
}

function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !OVERRIDING_ENV.includes(key)));
}

/** Calls `onLine` for each complete line; returns a flush for the unterminated rest once the stream is done. */
function relayLines(stream: Readable, onLine: (line: string) => void): () => void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  return () => {
    if (pending) onLine(pending);
    pending = '';
  };
}

async function readSummary(file: string, exitCode: number): Promise<K6Summary> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new FerryError(`k6 exited ${describeK6Exit(exitCode)} but wrote no summary to ${file}; check that --summary-mode is not "disabled"`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FerryError(`k6 summary ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseK6Summary(data, `k6 summary ${file}`);
}

type Ending = { code: number | null; signal: NodeJS.Signals | null; why: 'exit' | 'timeout' | 'abort' };

function waitForK6(options: RunK6Options, tail: string[]): Promise<Ending> {
  const [bin, ...args] = options.argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: childEnv(options.env ?? process.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let why: Ending['why'] = 'exit';
    let escalation: NodeJS.Timeout | undefined;
    const stop = (reason: Ending['why']) => {
      why = reason;
      child.kill('SIGTERM');
      escalation = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('abort');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      clearTimeout(escalation);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const emit = (stream: OutputStream) => (line: string) => {
      if (stream === 'stderr') tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      options.onOutput?.(line, stream);
    };
    const flushes = [relayLines(child.stdout, emit('stdout')), relayLines(child.stderr, emit('stderr'))];
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(error.code === 'ENOENT' ? k6MissingError(bin) : new FerryError(`could not run ${bin}: ${error.message}`));
    });
    // 'close' comes after both output streams have ended, so every line has been relayed.
    child.once('close', (code, signal) => {
      cleanup();
      for (const flush of flushes) flush();
      resolve({ code, signal, why });
    });
  });
}

function lastWords(tail: string[]): string {
  const said = tail.filter((line) => line.trim()).join('\n');
  return said ? `; last output:\n${said}` : '; it printed nothing on stderr';
}

/** Exit 0 or 99 → the parsed summary; anything else throws, since the run's numbers cannot be trusted. */
export async function runK6(options: RunK6Options): Promise<K6Run> {
  if (options.signal?.aborted) throw new FerryError('k6 run cancelled before it started');
  // A summary left by an earlier run must never be read as this run's result.
  await rm(options.summaryFile, { force: true });
  const tail: string[] = [];
  const ending = await waitForK6(options, tail);
  if (ending.why === 'timeout') throw new FerryError(`k6 did not finish within ${options.timeoutMs}ms and was stopped${lastWords(tail)}`);
  if (ending.why === 'abort') throw new FerryError('k6 run cancelled');
  if (ending.code === null) throw new FerryError(`k6 was killed by ${ending.signal ?? 'a signal'}${lastWords(tail)}`);
  if (ending.code !== K6_EXIT.ok && ending.code !== K6_EXIT.thresholdsFailed) {
    throw new FerryError(`k6 exited ${describeK6Exit(ending.code)}: \`${options.argv.join(' ')}\`${lastWords(tail)}`);
  }
  return { exitCode: ending.code, summary: await readSummary(options.summaryFile, ending.code) };
}
