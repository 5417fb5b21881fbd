import { renderReport, renderReportList, type EnvironmentConfig, type EnvironmentStatus, type FlowResult, type LedgerEntry, type ReleaseReport, type RunInput, type VersionChoice } from '@ferry/pipeline';
import type { PipelineApi, Validation } from '../../src/app/api.js';
import { rolledBackReport, succeededReport } from '../../../pipeline/src/planning/report-test-fixtures.js';
import { createRunStore } from '../../src/store/run-store.js';
import type { RunEvent, RunSnapshot, TaskState } from '../../src/store/types.js';

const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]/g;

/** The last frame as plain text, trailing spaces trimmed per line (what a person reads). */
export function text(frame: string | undefined): string {
  return (frame ?? '')
    .replace(ANSI, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until the frame satisfies `check` (bounded): screens load data asynchronously. */
export async function waitForFrame(lastFrame: () => string | undefined, check: (frame: string) => boolean, timeoutMs = 2000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = text(lastFrame());
    if (check(frame)) {
      await tick(40); // let Ink's input effects re-subscribe with the new handlers before the next key
      return frame;
    }
    if (Date.now() > deadline) throw new Error(`frame never matched; last frame:\n${frame}`);
    await tick(10);
  }
}

export const KEYS = { up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B', backspace: '\u007F', ctrlC: '\u0003' } as const;

/** A snapshot built by feeding events through the real reducer. */
export function snapshotOf(events: RunEvent[]): RunSnapshot {
  const store = createRunStore();
  for (const event of events) store.dispatch(event);
  return store.getSnapshot();
}

/** Events that put one root task with `id` into `state` (started at t=1000). */
export function taskIn(id: string, title: string, state: TaskState, extra: RunEvent[] = []): RunEvent[] {
  return [
    { type: 'added', parentId: null, tasks: [{ id, title, enabled: true }] },
    ...(state === 'pending' ? [] : [{ type: 'state', id, state: 'running', at: 1000 } as RunEvent]),
    ...extra,
    ...(state === 'pending' || state === 'running' ? [] : [{ type: 'state', id, state, at: 2000 } as RunEvent]),
  ];
}

export const config = (name: string, approval: 'none' | 'required' = 'none') => ({ name, approval, file: `environments/${name}.yaml`, stateDir: `/srv/ferry/${name}` }) as unknown as EnvironmentConfig;

/** The pipeline's sample reports (a deploy of v2 that succeeded, then v3 rolled back), as reports of `env`. */
export const reportsOf = (env: string): ReleaseReport[] => [succeededReport, rolledBackReport].map((report) => ({ ...report, env }));

/** What validateDeployment resolves with, lines in the shape `ferry validate` prints them. */
export function validation(passed = true): Validation {
  const tests: Validation['result']['tests'] = [
    { suite: 'smoke', name: 'GET /health answers 200', ok: true, durationMs: 14 },
    { suite: 'smoke', name: 'GET /version answers the active tag v1', ok: passed, durationMs: 6, ...(passed ? {} : { message: 'expected version v1, got v0' }) },
    { suite: 'performance', name: 'GET /health p95 within 500 ms over 20 samples', ok: true, durationMs: 180 },
    { suite: 'performance', name: '5 parallel GET /health all answer 2xx', ok: true, durationMs: 25 },
  ];
  const failed = tests.filter((t) => !t.ok).length;
  const junitFile = '/work/reports/junit/verify-local.xml';
  const baseUrl = 'http://127.0.0.1:8080';
  return {
    result: { passed, total: tests.length, failed, tests, junitFile, baseUrl, durationMs: 3100 },
    activeTag: 'v1',
    lines: [
      `validate local (active v1 via ${baseUrl}):`,
      'smoke',
      '  ✓ GET /health answers 200 (14 ms)',
      `  ${passed ? '✓' : '✗'} GET /version answers the active tag v1 (6 ms)`,
      ...(passed ? [] : ['      expected version v1, got v0']),
      'performance',
      '  ✓ GET /health p95 within 500 ms over 20 samples (180 ms)',
      '  ✓ 5 parallel GET /health all answer 2xx (25 ms)',
      `JUnit XML: ${junitFile}`,
      `verification ${passed ? 'passed' : 'FAILED'}: ${tests.length - failed} passed, ${failed} failed, 0 skipped in 3.1 s against ${baseUrl}`,
    ],
  };
}

/** readActiveLogs' answer: `count` numbered request lines of the blue container. */
export const activeLogs = (count: number) => ({ container: 'web-local-blue', version: 'v1', lines: Array.from({ length: count }, (_, i) => `GET /health 200 ${i + 1}`) });

export function status(env: string, active: { colour: 'blue' | 'green'; version: string; health: string } | null): EnvironmentStatus {
  return {
    env,
    routedColour: active?.colour ?? null,
    active: active ? { ...active, state: 'running', containerId: 'abc123def456', imageId: 'sha256:1' } : null,
    standby: null,
    router: { running: active !== null, configuredColour: active?.colour ?? null, liveColour: active?.colour ?? null, listen: '127.0.0.1:8080', url: 'http://127.0.0.1:8080', title: 'nginx' },
    lastRelease: null,
    serving: active ? { state: 'serving', problems: [] } : { state: 'nothing_deployed', problems: [] },
    warnings: [],
    lock: null,
    canary: null,
  } as EnvironmentStatus;
}

export const version = (tag: string, over: Partial<VersionChoice> = {}): VersionChoice => ({ tag, active: false, rollback: 'cold', deployedAt: null, imageLocal: true, ...over });

export function result(over: Partial<FlowResult> = {}): FlowResult {
  return {
    exitCode: 0,
    outcome: 'succeeded',
    message: 'v2 is live on green',
    action: 'deploy',
    env: 'local',
    tag: 'v2',
    releaseId: 'r-20250101-1',
    plan: ['start v2 on green', 'switch blue → green'],
    from: { colour: 'blue', version: 'v1' },
    to: { colour: 'green', version: 'v2' },
    timings: { totalMs: 12_300, healthMs: 2100, switchMs: 45 },
    warnings: [],
    recoveryErrors: [],
    database: null,
    probe: { requests: 160, failures: 0, p50: 3, p95: 8, max: 40 },
    report: null,
    ...over,
  };
}

/** A fake of the pipeline API for UI wiring tests only: no Docker, records runCommand calls. */
export function fakeApi(over: Partial<PipelineApi> = {}): PipelineApi & { runs: RunInput[] } {
  const runs: RunInput[] = [];
  const configs: Record<string, EnvironmentConfig> = { local: config('local'), production: config('production', 'required') };
  const api: PipelineApi = {
    listEnvironments: async () => Object.keys(configs),
    loadEnvironment: async ({ env }) => {
      const found = configs[env];
      if (!found) throw new Error(`no environment ${env}`);
      return found;
    },
    readStatus: async (c) => status(c.name, c.name === 'local' ? { colour: 'blue', version: 'v1', health: 'healthy' } : null),
    readHistory: async () => ({ entries: [] as LedgerEntry[], skipped: [] }),
    listVersions: async () => [version('v1', { active: true, rollback: null }), version('v0', { rollback: 'warm' })],
    runCommand: async (input) => {
      runs.push(input);
      // The sample report stands for the one this run wrote.
      return result({ env: input.env, tag: input.tag ?? '', releaseId: succeededReport.id, report: `/srv/ferry/${input.env}/reports/${succeededReport.id}.json` });
    },
    validateDeployment: async () => validation(),
    readActiveLogs: async (c) => (c.name === 'local' ? activeLogs(60) : null),
    listReports: async (stateDir) => (stateDir === '/srv/ferry/local' ? reportsOf('local') : []),
    renderReport,
    renderReportList,
    askRunningCanary: async () => null,
    ...over,
  };
  return Object.assign(api, { runs });
}
