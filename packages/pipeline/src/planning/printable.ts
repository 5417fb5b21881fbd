import stripAnsi from 'strip-ansi';

// C0 controls except \t and \n, DEL, and C1 (\x80-\x9f): what is left after the escape sequences go.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Text from a container or a remote server, safe to print: a log line must not retitle the
 * terminal, clear it, or rewrite earlier lines. Whole escape sequences go first, then stray controls.
 */
export function printable(text: string): string {
  return stripAnsi(text).replace(CONTROL, '');
}
