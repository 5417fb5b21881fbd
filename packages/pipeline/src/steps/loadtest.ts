import { FerryError } from '../errors.js';
import { formatThresholdResults } from '../ports/loadtest/thresholds.js';
import { runLoadtest } from '../ports/loadtest/run.js';
import type { FlowTask } from '../flows/context.js';
import { reportProgress } from '../flows/progress-events.js';
import { routerUrl } from '../planning/names.js';
import { loadtestPaths } from '../planning/loadtest-paths.js';

/** The load-test gate after the monitor window: k6 or the labelled fallback engine; a failed threshold rolls back. */
export function loadtestStep(): FlowTask {
  return {
    title: 'Load test',
    enabled: (ctx) => ctx.config.loadtest?.afterSwitch === true,
    rendererOptions: { persistentOutput: true },
    task: async (ctx, task) => {
      const config = ctx.config.loadtest!;
      task.title = `Load test: ${config.scenario} through the router`;
      const started = Date.now();
      const run = await runLoadtest({
        baseUrl: routerUrl(ctx.config),
        config,
        paths: loadtestPaths(ctx.config),
        signal: ctx.signal,
        onLine: (line) => (task.output = line),
        onProgress: (progress) => reportProgress(ctx, task, { kind: 'load-test', ...progress }),
      });
      ctx.timings.loadtestMs = Date.now() - started;
      ctx.loadtest = { engine: run.engine, engineNote: run.engineNote, scenario: run.scenario, passed: run.decision.passed, thresholds: run.thresholds, ...(run.requests !== undefined && { requests: run.requests }) };
      task.output = [`engine: ${run.engineNote}`, ...formatThresholdResults(run.thresholds)].join('\n');
      // The engine note already says which engine judged; drop the gate's shorter prefix.
      const why = run.decision.reason.replace(/^fallback engine: /, '');
      if (!run.decision.passed) throw new FerryError(`load test (${run.engineNote}): ${why}`);
      task.title = `Load test: ${run.scenario}, ${run.requests ?? '?'} requests, ${why} (${run.engineNote})`;
    },
  };
}
