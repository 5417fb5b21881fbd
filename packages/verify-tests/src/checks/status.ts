/** "200", "200 or 204": how an expected status list reads in a message. */
export const describeStatuses = (expected: readonly number[]): string => expected.join(' or ');

/** A problem when `actual` is not one of the expected statuses, e.g. `GET /: expected status 200, got 500`. */
export function checkStatus(label: string, expected: readonly number[], actual: number): string | undefined {
  if (expected.includes(actual)) return undefined;
  return `${label}: expected status ${describeStatuses(expected)}, got ${actual}`;
}
