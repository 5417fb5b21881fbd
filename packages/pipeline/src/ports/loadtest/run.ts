import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadtestConfig } from '../../config/types.js';
import { decideLoadtest, type LoadtestDecision } from '../../planning/loadtest-gate.js';
import { k6Argv, k6ScriptEnv, trendStatsFor } from './describe.js';
import { findK6, runK6 } from './k6.js';
import { loadScenario, scriptPath, type ScenarioOverrides } from './scenarios.js';
import type { FallbackProgress } from './fallback.js';
import { evaluateThresholds } from './thresholds.js';
import type { ThresholdResult } from './types.js';

export interface LoadtestRun {
  engine: 'k6' | 'fallback';
  engineNote: string; // shown in the output and the report
  scenario: string;
  paths: string[]; // what both engines requested, round-robin
  thresholds: ThresholdResult[];
  requests?: number;
  decision: LoadtestDecision;
}

const FALLBACK_NOTE = 'fallback engine, k6 not found';

function overridesOf(config: LoadtestConfig): ScenarioOverrides {
  return {
    ...(config.rate !== undefined && { rate: config.rate }),
    ...(config.durationMs !== undefined && { durationS: config.durationMs / 1000 }),
  };
}

/** k6 when it is on PATH (or required), else the Node fallback engine; one threshold grammar judges both. */
export async function runLoadtest(input: {
  baseUrl: string;
  config: LoadtestConfig;
  paths: string[]; // loadtestPaths(environment): one list for k6 (PATHS) and the fallback engine alike
  scenario?: string; // --scenario overrides the environment's
  signal?: AbortSignal;
  onLine: (line: string) => void; // k6's output, the fallback's note
  onProgress: (progress: FallbackProgress) => void; // the fallback engine's counts, once a second
}): Promise<LoadtestRun> {
  const scenarioName = input.scenario ?? input.config.scenario;
  const scenario = loadScenario(scenarioName, overridesOf(input.config));
  const { thresholds } = input.config;
  const { paths } = input;
  const k6 = input.config.engine === 'fallback' ? null : findK6(process.env.PATH);
  if (k6) {
    const dir = await mkdtemp(path.join(tmpdir(), 'ferry-k6-'));
    try {
      const summaryFile = path.join(dir, 'summary.json');
      const { rate, durationMs } = input.config;
      const env = k6ScriptEnv({ baseUrl: input.baseUrl, paths, thresholds, ...(rate !== undefined && { rate }), ...(durationMs !== undefined && { durationMs }) });
      const argv = k6Argv({ script: scriptPath(scenarioName), summaryFile, env, trendStats: trendStatsFor(thresholds), bin: k6 });
      const run = await runK6({ argv, summaryFile, timeoutMs: scenarioMs(scenario.stages) + 120_000, signal: input.signal, onOutput: input.onLine });
      // k6 judged the thresholds it was given; our own evaluation covers any it did not report.
      const judged = run.summary.thresholds.length ? run.summary.thresholds : evaluateThresholds(run.summary.metrics, thresholds);
      const requests = run.summary.metrics.http_reqs?.count;
      return { engine: 'k6', engineNote: `k6 (${k6})`, scenario: scenarioName, paths, thresholds: judged, ...(requests !== undefined && { requests }), decision: decideLoadtest({ engine: 'k6', exitCode: run.exitCode, judged }) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  input.onLine(`${FALLBACK_NOTE}: ${scenarioName} at ${scenario.stages.map((s) => `${s.rate}/s for ${s.durationS}s`).join(', ')} → ${input.baseUrl}, paths ${paths.join(', ')}`);
  // autocannon is heavy to load and only this engine needs it.
  const { runFallback } = await import('./fallback.js');
  const result = await runFallback({
    baseUrl: input.baseUrl,
    scenario,
    paths,
    signal: input.signal,
    percentiles: trendStatsFor(thresholds),
    onProgress: input.onProgress,
  });
  const judged = evaluateThresholds(result.summary, thresholds);
  const requests = result.summary.http_reqs?.count;
  return {
    engine: 'fallback',
    engineNote: input.config.engine === 'fallback' ? 'fallback engine (loadtest.engine: fallback)' : FALLBACK_NOTE,
    scenario: scenarioName,
    paths,
    thresholds: judged,
    ...(requests !== undefined && { requests }),
    decision: decideLoadtest({ engine: 'fallback', judged }),
  };
}

const scenarioMs = (stages: { durationS: number }[]) => stages.reduce((sum, s) => sum + s.durationS * 1000, 0);
