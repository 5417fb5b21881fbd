import { setTimeout as sleep } from 'node:timers/promises';
import { FerryError } from '../errors.js';
import type { CanaryRun, CanaryStepRecord, FlowContext, FlowTask } from '../flows/context.js';
import { reportProgress, type ProgressTask } from '../flows/progress-events.js';
import { judgeStep } from '../planning/canary-analysis.js';
import { stepFigures } from '../planning/canary-figures.js';
import { withMetric } from '../planning/canary-metric.js';
import { afterPassed, firstAction, nextAction, weightAfterPassing, type CanaryAction, type CanaryPosition } from '../planning/canary-progress.js';
import { nextStreak } from '../planning/failure-streak.js';
import { describeProbe, probeHttp } from '../ports/http/probe.js';
import type { AccessCursor, RouterTarget, SplitResult } from '../ports/router/types.js';
import type { StepFigures } from '../planning/canary-figures.js';
import { takeCanaryRequest } from '../state/canary-control.js';
import { writeCanaryPosition } from '../state/canary-position.js';
import { statePaths } from '../state/paths.js';
import { ensureRouterOnce } from './router-ready.js';
import { checkMetric } from './canary-metric.js';
import { runsCanary } from './canary-run.js';
import { applySwitch } from './switch.js';

// how often a step looks at the canary's health, the probe, and `ferry promote|abort` from another shell
const TICK_MS = 250;

/**
 * Strategy canary, in place of the one switch: the new colour gets each step's weight, watched for the step's
 * duration and judged by strategy.analysis on the requests each colour answered; then 100 % (the switch). A failed
 * or inconclusive step, `ferry abort`, Ctrl+C or the canary's failed health puts the weight back to 0 (the undo).
 */
export function canaryStep(): FlowTask {
  return {
    title: 'Canary',
    enabled: runsCanary,
    task: async (ctx, task) => {
      const router = ctx.ports.router;
      await ensureRouterOnce(ctx);
      const stable = activeTarget(ctx);
      const canary = targetOf(ctx);
      const run: CanaryRun = { startedAt: Date.now(), steps: [] };
      ctx.canary = run;
      let previousText: string | null | undefined; // the router's config before the first weight: what an abort puts back
      ctx.undo.push({
        title: `Canary weight back to 0: all traffic to ${stable.colour} (${stable.version})`,
        run: async () => {
          if (previousText === undefined) return; // no weight was ever set
          // after the promotion this is a rollback (a later step failed), not the canary's abort: reported as such
          const promoted = run.outcome === 'promoted';
          const startedAt = Date.now();
          if (!promoted) run.decidedAt ??= startedAt;
          await router.setSplit({ stable, canary, canaryPercent: 0 });
          if (promoted) run.rolledBackMs = Date.now() - startedAt;
          else run.zeroConfirmedAt = Date.now();
          // requests already on the canary finish before the start step's undo removes it
          await router.waitForDrain({ timeoutMs: ctx.config.router.drainMs });
        },
      });
      const action = await runSteps(ctx, task, (weight) =>
        router.setSplit({ stable, canary, canaryPercent: weight }, { signal: ctx.signal, beforeChange: (text) => (previousText ??= text) }),
      ).catch((error: Error) => {
        // Ctrl+C, the router refusing a weight, the canary's health while paused: an abort all the same
        Object.assign(run, { endedAt: Date.now(), decidedAt: Date.now(), outcome: 'aborted', abortReason: error.message });
        throw error;
      });
      run.endedAt = Date.now();
      if (action.kind === 'abort') {
        Object.assign(run, { decidedAt: Date.now(), outcome: 'aborted', abortReason: action.reason });
        throw new FerryError(`canary aborted: ${action.reason}`);
      }
      run.outcome = 'promoted';
      // the undo above sets weight 0 from wherever a later failure finds the router: the switch needs none of its own
      await applySwitch(ctx, task);
    },
  };
}

/** Each step in turn (and its pauses) until the promotion or an abort. */
async function runSteps(ctx: FlowContext, task: ProgressTask & { title: string }, setWeight: (weight: number) => Promise<SplitResult>): Promise<CanaryAction> {
  const config = ctx.config.strategy.canary;
  let action: CanaryAction = firstAction(config);
  let weightNow = 0;
  while (action.kind === 'watch' || action.kind === 'pause') {
    if (action.kind === 'pause') {
      await recordPosition(ctx, action.position, action.weight, true);
      const request = await waitForPromote(ctx, task, action.weight);
      action = request === 'abort' ? { kind: 'abort', reason: 'ferry abort was asked for while the canary paused' } : afterPassed(config, action.position);
      continue;
    }
    task.title = `Canary ${ctx.target!.version} on ${ctx.target!.colour}: ${action.weight} % of requests`;
    // read from before the change: the step's requests are those from when its weight took effect
    const askedAt = Date.now();
    const log = await ctx.ports.router.readAccessLog(null).catch(() => null);
    // the step is held from when every worker accepting had its weight (the confirming count is part of it); an extended step keeps its weight
    const from = action.weight === weightNow ? Date.now() : (await setWeight(action.weight)).effectiveAt;
    weightNow = action.weight;
    await recordPosition(ctx, action.position, action.weight, false);
    action = await watchStep(ctx, task, action.position, action.weight, { askedAt, from, cursor: log?.cursor ?? null });
  }
  return action;
}

/** The step whose weight the router has now, for `ferry status`; status says the step is unknown if this is not written. */
async function recordPosition(ctx: FlowContext, position: CanaryPosition, weight: number, paused: boolean): Promise<void> {
  const record = { pid: process.pid, step: position.step + 1, steps: ctx.config.strategy.canary.steps.length, weight, canary: { colour: ctx.target!.colour, version: ctx.target!.version }, paused };
  await writeCanaryPosition(statePaths(ctx.config.stateDir).canaryPosition, record).catch((error: Error) => ctx.warnings.push(`canary: its step could not be recorded for ferry status (${error.message})`));
}

/** Hold one step for its duration, watching; then its verdict decides what follows. */
async function watchStep(ctx: FlowContext, task: ProgressTask, position: CanaryPosition, weight: number, at: { askedAt: number; from: number; cursor: AccessCursor | null }): Promise<CanaryAction> {
  const config = ctx.config.strategy.canary;
  const { from, cursor } = at;
  const end = from + config.steps[position.step]!.durationMs;
  const ahead = testNextAhead(ctx, position);
  const interrupted = await watchUntil(ctx, task, end, (secondsLeft) => ({ kind: 'canary-step', step: position.step + 1, steps: config.steps.length, weight, secondsLeft }));
  const to = Date.now();
  // what judges the step, read at once: the log, the metric (and the next step's test, under way since the hold began)
  const [figures, , metric] = await Promise.all([figuresOfStep(ctx, cursor, from, to), ahead, interrupted ? null : checkMetric(ctx, from, to)]);
  const record = { step: position.step + 1, weight, extension: position.extensions, askedAt: at.askedAt, startedAt: from, endedAt: to, judgedAt: Date.now(), figures };
  if (interrupted?.kind === 'promote') {
    judged(ctx, task, { ...record, verdict: 'promoted', reason: 'ferry promote' });
    return { kind: 'promote' };
  }
  if (interrupted) {
    judged(ctx, task, { ...record, verdict: 'aborted', reason: interrupted.reason });
    return { kind: 'abort', reason: `step ${position.step + 1} (${weight} %): ${interrupted.reason}` };
  }
  const verdict = withMetric(judgeStep(figures, config.analysis), metric);
  judged(ctx, task, { ...record, ...(metric && { metric: metric.reading }), verdict: verdict.kind, ...(verdict.kind !== 'pass' && { reason: verdict.reason }) });
  return nextAction(config, position, verdict);
}

/** A judged step: into the run's record (the report), and reported with its figures (the TUI's table, the plain renderers' line). */
function judged(ctx: FlowContext, task: ProgressTask, record: CanaryStepRecord): void {
  ctx.canary!.steps.push(record);
  reportProgress(ctx, task, { kind: 'canary-judged', steps: ctx.config.strategy.canary.steps.length, colours: { canary: ctx.target!.colour, stable: ctx.active!.colour }, ...record });
}

/**
 * What each colour answered in [from, to): from the router's access log (every request, users' and the probe's), else
 * from the traffic probe alone, with a warning. The log's last second may not be written yet (nginx buffers it).
 */
async function figuresOfStep(ctx: FlowContext, cursor: AccessCursor | null, from: number, to: number): Promise<StepFigures> {
  const colours = { canary: ctx.target!.colour, stable: ctx.active!.colour };
  const logged = cursor ? await ctx.ports.router.readAccessLog(cursor).catch((error: Error) => error) : new Error('it could not be read at the step\'s start');
  if (!(logged instanceof Error) && logged.samples.length > 0) return stepFigures(logged.samples, colours, from, to, 'access log');
  const why = logged instanceof Error ? logged.message : 'it held no request of the step';
  const warning = `canary: the router's access log gave no figures (${why}): the step was judged on the traffic probe's requests alone`;
  if (!ctx.warnings.includes(warning)) ctx.warnings.push(warning);
  return stepFigures(ctx.probe?.samplesBetween(from, to) ?? [], colours, from, to, 'probe');
}

/**
 * While a step is held, the config of the next one is tested by the router on a side copy: its change then costs only
 * the write, the reload and the count. A test that fails here changes nothing: the change tests itself and says why.
 */
function testNextAhead(ctx: FlowContext, position: CanaryPosition): Promise<void> {
  return testAhead(ctx, weightAfterPassing(ctx.config.strategy.canary, position));
}

/** The first step's config, tested on a side copy while the health gate waits: the canary's first change is then the write, the reload and the count. */
export function testFirstStepAhead(ctx: FlowContext): Promise<void> {
  const first = firstAction(ctx.config.strategy.canary);
  return testAhead(ctx, first.kind === 'watch' ? first.weight : null);
}

function testAhead(ctx: FlowContext, weight: number | null): Promise<void> {
  const router = ctx.ports.router;
  if (weight === null || !router.testSplitAhead) return Promise.resolve();
  return router.testSplitAhead({ stable: activeTarget(ctx), canary: targetOf(ctx), canaryPercent: weight }).catch(() => undefined);
}

type Interruption = { kind: 'promote' } | { kind: 'abort' | 'unhealthy'; reason: string } | null;

/**
 * Until `end`: the canary's health every health.interval (a streak of health.failure_threshold misses aborts),
 * `ferry promote|abort` from another shell, Ctrl+C (the flow's signal throws out of the sleep).
 */
async function watchUntil(ctx: FlowContext, task: ProgressTask, end: number, event: (secondsLeft: number) => Parameters<typeof reportProgress>[2]): Promise<Interruption> {
  const { intervalMs, timeoutMs, path, failureThreshold } = ctx.config.health;
  const target = ctx.target!;
  const { url, headers } = await ctx.ports.router.colourEndpoint(target.colour, target.port, path);
  const control = statePaths(ctx.config.stateDir).canaryControl;
  let streak = 0;
  let nextHealth = 0;
  while (Date.now() < end) {
    const request = await takeCanaryRequest(control);
    if (request === 'promote') return { kind: 'promote' };
    if (request === 'abort') return { kind: 'abort', reason: 'ferry abort was asked for' };
    if (Date.now() >= nextHealth) {
      nextHealth = Date.now() + intervalMs;
      const answer = await probeHttp(url, timeoutMs, ctx.signal, headers);
      const next = nextStreak(streak, answer.ok, failureThreshold);
      streak = next.count;
      if (next.failed) return { kind: 'unhealthy', reason: `the canary missed ${streak} health probe(s) in a row (health.failure_threshold ${failureThreshold}): ${describeProbe(url, answer)}` };
    }
    reportProgress(ctx, task, event(Math.max(0, Math.ceil((end - Date.now()) / 1000))));
    if (ctx.probe) reportProgress(ctx, task, { kind: 'probe-second', ...ctx.probe.lastSecond() });
    await sleep(Math.min(TICK_MS, Math.max(0, end - Date.now())), undefined, { signal: ctx.signal });
  }
  return null;
}

/** A pause step: held until `ferry promote` or `ferry abort` (or Ctrl+C); the canary's health is still watched. */
async function waitForPromote(ctx: FlowContext, task: ProgressTask & { title: string }, weight: number): Promise<'promote' | 'abort'> {
  task.title = `Canary ${ctx.target!.version} on ${ctx.target!.colour}: ${weight} %, paused until \`ferry promote --env ${ctx.config.name}\` (or \`ferry abort\`)`;
  for (;;) {
    const interrupted = await watchUntil(ctx, task, Date.now() + 60_000, () => ({ kind: 'canary-paused', weight }));
    if (interrupted?.kind === 'unhealthy') throw new FerryError(`canary paused at ${weight} %: ${interrupted.reason}`);
    if (interrupted) return interrupted.kind;
  }
}

export const activeTarget = (ctx: FlowContext): RouterTarget => ({ colour: ctx.active!.colour, port: ctx.active!.port, version: ctx.active!.version });
export const targetOf = (ctx: FlowContext): RouterTarget => ({ colour: ctx.target!.colour, port: ctx.target!.port, version: ctx.target!.version });

