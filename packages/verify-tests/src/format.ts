import type { VerificationResult } from './run.js';

/** Readable lines for a terminal: one ✓/✗/- per test grouped by suite, failure messages indented, totals last. */
export function formatVerification(result: VerificationResult): string[] {
  const lines: string[] = [];
  let suite = '';
  for (const test of result.tests) {
    if (test.suite !== suite) lines.push((suite = test.suite));
    const mark = test.skipped ? '-' : test.ok ? '✓' : '✗';
    lines.push(`  ${mark} ${test.name} ${test.skipped ? '(skipped)' : `(${test.durationMs} ms)`}`);
    if (!test.ok && test.message) lines.push(...test.message.split('\n').map((line) => `      ${line}`));
  }
  const skipped = result.tests.filter((t) => t.skipped).length;
  lines.push(`JUnit XML: ${result.junitFile}`);
  lines.push(
    `verification ${result.passed ? 'passed' : 'FAILED'}: ${result.total - result.failed - skipped} passed, ${result.failed} failed, ${skipped} skipped in ${(result.durationMs / 1000).toFixed(1)} s against ${result.baseUrl}`,
  );
  return lines;
}
