import { readFile, rm } from 'node:fs/promises';
import { findExecutable, lastLines, run, type OutputStream } from '@ferry/shared';
import { ConfigError, FerryError } from '../../errors.js';
import { describeK6Exit, K6_EXIT, K6_INSTALL_URL } from './describe.js';
import { parseK6Summary, type K6Summary } from './k6-summary.js';

// Runs the real k6 binary, relays its output line by line and reads the summary it exported.

export type { OutputStream };

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

function lastWords(stderr: string): string {
  const said = lastLines(stderr, TAIL_LINES).join('\n');
  return said ? `; last output:\n${said}` : '; it printed nothing on stderr';
}

/** Exit 0 or 99 → the parsed summary; anything else throws, since the run's numbers cannot be trusted. */
export async function runK6(options: RunK6Options): Promise<K6Run> {
  if (options.signal?.aborted) throw new FerryError('k6 run cancelled before it started');
  // A summary left by an earlier run must never be read as this run's result.
  await rm(options.summaryFile, { force: true });
  const k6 = await run(options.argv, {
    env: childEnv(options.env ?? process.env),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onLine: options.onOutput,
    notFound: k6MissingError,
  });
  if (k6.stopped === 'timeout') throw new FerryError(`k6 did not finish within ${options.timeoutMs}ms and was stopped${lastWords(k6.stderr)}`);
  if (k6.stopped === 'cancelled') throw new FerryError('k6 run cancelled');
  if (k6.code === null) throw new FerryError(`k6 was killed by ${k6.signal ?? 'a signal'}${lastWords(k6.stderr)}`);
  if (k6.code !== K6_EXIT.ok && k6.code !== K6_EXIT.thresholdsFailed) {
    throw new FerryError(`k6 exited ${describeK6Exit(k6.code)}: \`${options.argv.join(' ')}\`${lastWords(k6.stderr)}`);
  }
  return { exitCode: k6.code, summary: await readSummary(options.summaryFile, k6.code) };
}
