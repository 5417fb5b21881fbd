// Reads vitest's `--reporter=json` report (jest-compatible shape) into one row per test.
import path from 'node:path';

export const SUITES = ['smoke', 'performance', 'dependencies', 'rollback-integrity'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface VerificationTest {
  suite: SuiteName;
  name: string;
  ok: boolean; // passed, or skipped because not configured
  skipped?: true;
  message?: string; // why it failed (a skipped test's name says why it was skipped)
  durationMs: number;
}

interface JsonAssertion {
  ancestorTitles: string[];
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo' | 'disabled';
  duration?: number | null;
  failureMessages: string[] | null;
}

export interface VitestJsonReport {
  testResults: { name: string; status: string; message: string; assertionResults: JsonAssertion[] }[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** The message without colours, stack frames or the error class prefix. */
export function cleanFailure(text: string): string {
  return text
    .replace(ANSI, '')
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .replace(/^(?:\w*Error|VerificationFailure): /, '')
    .trim();
}

export const suiteOf = (file: string): SuiteName => path.basename(file).replace(/\.suite\.[jt]s$/, '') as SuiteName;

export function testsFromReport(report: VitestJsonReport): VerificationTest[] {
  return report.testResults.flatMap((file) => {
    const suite = suiteOf(file.name);
    const tests = file.assertionResults.map((a): VerificationTest => {
      const name = [...a.ancestorTitles, a.title].join(' › ');
      const durationMs = Math.round(a.duration ?? 0);
      if (a.status === 'passed') return { suite, name, ok: true, durationMs };
      if (a.status !== 'failed') return { suite, name, ok: true, skipped: true, durationMs };
      return { suite, name, ok: false, message: cleanFailure((a.failureMessages ?? []).join('\n')) || 'failed', durationMs };
    });
    // A file that failed before any test ran (bad target, syntax error) still counts as one failure.
    const fileFailed = file.status === 'failed' && file.message && !tests.some((t) => !t.ok);
    return fileFailed ? [...tests, { suite, name: `${suite} suite`, ok: false, message: cleanFailure(file.message), durationMs: 0 }] : tests;
  });
}
