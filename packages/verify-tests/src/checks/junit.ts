// JUnit XML as CI servers read it: <testsuites><testsuite><testcase><failure|skipped>.
export interface JunitCase {
  name: string;
  durationMs: number;
  failure?: string; // the message; the first line also becomes the failure's `message` attribute
  skipped?: string; // why it was skipped
}

export interface JunitSuite {
  name: string;
  cases: JunitCase[];
}

// Characters XML 1.0 forbids outright (ANSI escapes, NUL, …): dropped rather than escaped.
// eslint-disable-next-line no-control-regex
const INVALID = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

export const escapeText = (text: string): string =>
  text.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const escapeAttribute = (text: string): string =>
  escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const totals = (cases: readonly JunitCase[]) => ({
  tests: cases.length,
  failures: cases.filter((c) => c.failure !== undefined).length,
  skipped: cases.filter((c) => c.failure === undefined && c.skipped !== undefined).length,
  ms: cases.reduce((sum, c) => sum + c.durationMs, 0),
});
const counts = (t: ReturnType<typeof totals>) => `tests="${t.tests}" failures="${t.failures}" errors="0" skipped="${t.skipped}" time="${seconds(t.ms)}"`;

function testcase(suite: string, c: JunitCase): string {
  const open = `    <testcase classname="${escapeAttribute(suite)}" name="${escapeAttribute(c.name)}" time="${seconds(c.durationMs)}"`;
  if (c.failure !== undefined) {
    const message = escapeAttribute(c.failure.split('\n')[0]!);
    return `${open}>\n      <failure message="${message}" type="AssertionError">${escapeText(c.failure)}</failure>\n    </testcase>`;
  }
  if (c.skipped !== undefined) return `${open}>\n      <skipped message="${escapeAttribute(c.skipped)}"/>\n    </testcase>`;
  return `${open}/>`;
}

/** The whole report; `name` labels the run (e.g. "ferry verify staging"). */
export function junitXml(name: string, suites: readonly JunitSuite[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${escapeAttribute(name)}" ${counts(totals(suites.flatMap((s) => s.cases)))}>`];
  for (const suite of suites) {
    lines.push(`  <testsuite name="${escapeAttribute(suite.name)}" ${counts(totals(suite.cases))}>`);
    lines.push(...suite.cases.map((c) => testcase(suite.name, c)));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
