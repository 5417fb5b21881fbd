import { sendWithEveryRequest } from '../http.js';
import { readTarget } from '../target.js';

/** The deployment under test, read once per suite file from the runner's environment. */
export const target = readTarget(process.env);
sendWithEveryRequest(target.headers ?? {});

export const label = (path: string, method = 'GET') => `${method} ${path}`;

/** Thrown with the problems only: its stack IS the message, so reports show no vitest frames. */
export class VerificationFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerificationFailure';
    this.stack = message;
  }
}

/** Fails the current test with every problem found, joined, when there is any. */
export function failOn(problems: readonly (string | undefined)[]): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) throw new VerificationFailure(found.join('\n'));
}
