import { activeRedactor } from '../config/index.js';

// stdout's one way out: whatever a command prints is masked with the redactor of the environment it loaded.

/** Machine-readable results go to stdout: one JSON document, or plain lines. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(activeRedactor().redactDeep(value), null, 2) + '\n');
}

export function printLines(lines: string[]): void {
  process.stdout.write(activeRedactor().redact(lines.join('\n')) + '\n');
}

/** A progress or warning line on stderr (a build's output, a scanner's): masked like stdout. */
export function printProgress(line: string): void {
  process.stderr.write(activeRedactor().redact(line) + '\n');
}
