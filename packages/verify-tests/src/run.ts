// Runs the chosen suites in a child vitest process (isolated from the caller, killable by a signal)
// and turns its JSON report into a result and a JUnit XML file.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure, run, writeFileAtomic } from '@ferry/shared';
import { junitXml, type JunitSuite } from './checks/junit.js';
import { TARGET_VAR, type VerifySettings, type VerifyTarget } from './target.js';
import { SUITES, testsFromReport, type SuiteName, type VerificationTest, type VitestJsonReport } from './vitest-report.js';

export interface VerificationInput {
  baseUrl: string;
  verify: VerifySettings;
  activeTag: string | null;
  suites?: readonly SuiteName[]; // default: smoke, performance, dependencies
  junitFile: string; // written whatever the outcome, e.g. reports/junit/verify-staging.xml
  marker?: { path: string; value: string };
  headers?: Record<string, string>; // sent with every request of the suites
  healthPath?: string;
  name?: string; // the JUnit <testsuites name>, e.g. "ferry verify staging"
  signal?: AbortSignal;
  timeoutMs?: number; // the whole run; default 10 minutes
}

export interface VerificationResult {
  passed: boolean;
  total: number;
  failed: number;
  tests: VerificationTest[];
  junitFile: string; // absolute
  baseUrl: string; // the address checked (API_URL wins when set)
  durationMs: number;
}

export const DEFAULT_SUITES: readonly SuiteName[] = ['smoke', 'performance', 'dependencies'];
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

// Compiled suites live in dist/suites whether this module runs from src/ (tests) or dist/.
export const SUITES_DIR = fileURLToPath(new URL('../dist/suites/', import.meta.url));

export function vitestBin(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
}

/** The child's argv: vitest run with the suites' own config, only the chosen files, a JSON report. */
export function vitestArgv(bin: string, suitesDir: string, suites: readonly SuiteName[], jsonFile: string): string[] {
  return [bin, 'run', '--config', path.join(suitesDir, 'vitest.config.js'), '--reporter=json', `--outputFile=${jsonFile}`, ...suites.map((s) => `${s}.suite.js`)];
}

/** The child's environment: the target as JSON, no colours, none of a calling vitest's worker variables. */
export function childEnv(parent: NodeJS.ProcessEnv, target: VerifyTarget): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(parent).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
  return { ...env, [TARGET_VAR]: JSON.stringify(target), NO_COLOR: '1', FORCE_COLOR: '0' };
}

/** The JUnit suites, in the order the suites were asked for. */
export function junitSuites(suites: readonly SuiteName[], tests: readonly VerificationTest[]): JunitSuite[] {
  return suites.map((name) => ({
    name,
    cases: tests
      .filter((t) => t.suite === name)
      .map((t) => ({ name: t.name, durationMs: t.durationMs, ...(t.skipped ? { skipped: 'not configured' } : !t.ok && { failure: t.message ?? 'failed' }) })),
  }));
}

/** Runs the suites against the live deployment; the result's `passed` decides the exit code. */
export async function runVerification(input: VerificationInput): Promise<VerificationResult> {
  const started = Date.now();
  const suites = input.suites ?? DEFAULT_SUITES;
  const unknown = suites.filter((s) => !SUITES.includes(s));
  if (unknown.length > 0) throw new Error(`unknown verification suite ${unknown.join(', ')}: expected ${SUITES.join(', ')}`);
  const target: VerifyTarget = {
    baseUrl: input.baseUrl,
    verify: input.verify,
    activeTag: input.activeTag,
    ...(input.healthPath && { healthPath: input.healthPath }),
    ...(input.marker && { marker: input.marker }),
    ...(input.headers && { headers: input.headers }),
  };
  const env = childEnv(process.env, target);
  const work = await mkdtemp(path.join(os.tmpdir(), 'ferry-verify-'));
  try {
    const jsonFile = path.join(work, 'report.json');
    const vitest = await run([process.execPath, ...vitestArgv(vitestBin(), SUITES_DIR, suites, jsonFile)], {
      env,
      signal: input.signal,
      timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    if (vitest.stopped === 'cancelled') input.signal?.throwIfAborted(); // the caller's own abort reason
    // Stopped by the time bound, or no report: no result can be trusted.
    const report = vitest.stopped ? undefined : await readFile(jsonFile, 'utf8').catch(() => undefined);
    if (report === undefined) throw new Error(describeFailure('the verification suites did not run', vitest));
    // In the order asked for, not vitest's file order.
    const tests = testsFromReport(JSON.parse(report) as VitestJsonReport).sort((a, b) => suites.indexOf(a.suite) - suites.indexOf(b.suite));
    const junitFile = path.resolve(input.junitFile);
    await writeFileAtomic(junitFile, junitXml(input.name ?? 'ferry verify', junitSuites(suites, tests)), { mode: 0o644 }); // for CI's test reports
    const failed = tests.filter((t) => !t.ok).length;
    // A crash after some tests ran also fails the run, even when every reported test passed.
    return { passed: failed === 0 && vitest.code === 0, total: tests.length, failed, tests, junitFile, baseUrl: env.API_URL?.trim() || input.baseUrl, durationMs: Date.now() - started };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
