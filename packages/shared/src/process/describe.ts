import { lastLines } from './lines.js';
import type { ProcessResult } from './run.js';

/** How many lines of a failed program's output an error message quotes. */
const SAID_LINES = 20;

/** For a program Ferry stopped: `cancelled: nginx -t …` or `nginx -t … did not finish within 15000ms and was stopped`. */
export function describeStop(result: ProcessResult, command = result.argv.join(' ')): string {
  return result.stopped === 'timeout' ? `${command} did not finish within ${result.timeoutMs}ms and was stopped` : `cancelled: ${command}`;
}

/** One message for every failed program: what it was for, what ran, how it ended and what it said. */
export function describeFailure(what: string, result: ProcessResult): string {
  if (result.stopped) return `${what}: ${describeStop(result)}`;
  const ending = result.code !== null ? `exited ${result.code}` : `was killed by ${result.signal ?? 'a signal'}`;
  const said = lastLines(result.stderr, SAID_LINES).join('\n') || lastLines(result.stdout, SAID_LINES).join('\n') || '(no output)';
  return `${what}: \`${result.argv.join(' ')}\` ${ending} after ${result.durationMs}ms: ${said}`;
}
