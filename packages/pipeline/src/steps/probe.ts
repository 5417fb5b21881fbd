import { routerUrl } from '../planning/names.js';
import { startTrafficProbe } from '../ports/http/traffic-probe.js';
import type { FlowContext, FlowTask } from '../flows/context.js';

// Bounded even if a crash skips the stop: the longest deploy window it could need, plus margin.
const probeLimitMs = (ctx: FlowContext) => ctx.config.health.deployTimeoutMs + ctx.config.strategy.monitorMs + canaryLimitMs(ctx) + 120_000;

// every step extended as often as it may be; a pause waits for a human: an hour at most before the probe stops
function canaryLimitMs(ctx: FlowContext): number {
  if (ctx.config.strategy.type !== 'canary') return 0;
  const { steps, analysis } = ctx.config.strategy.canary;
  return steps.reduce((sum, step) => sum + step.durationMs * (1 + analysis.maxExtensions) + (step.pause ? 3_600_000 : 0), 0);
}

/** Start steady traffic through the router before the new colour starts, so the report shows what users saw. */
export function startProbe(ctx: FlowContext): void {
  ctx.probe ??= startTrafficProbe(routerUrl(ctx.config, ctx.config.probe.path), ctx.config.probe.rate, probeLimitMs(ctx));
}

/** The probe's figures, once; later calls return the same. */
export async function stopProbe(ctx: FlowContext): Promise<void> {
  if (ctx.probe && !ctx.probeFigures) ctx.probeFigures = await ctx.probe.stop();
}

export function probeStep(): FlowTask {
  return {
    title: 'Start traffic probe',
    // With nothing serving yet there is nothing to watch: the switch step starts it instead.
    enabled: (ctx) => ctx.active !== null,
    task: async (ctx, task) => {
      // A router that is down (e.g. after a reboot) means traffic already fails: bring it back on the
      // current config before the release changes anything else.
      if (!(await ctx.ports.router.isRunning())) {
        await ctx.ports.router.ensureRunning();
        ctx.warnings.push(`the router of ${ctx.config.name} was not running: started it on its current config (${ctx.active!.version} on ${ctx.active!.colour}) before deploying`);
      }
      startProbe(ctx);
      task.title = `Start traffic probe: ${ctx.config.probe.rate} req/s to ${ctx.probe!.url}`;
    },
  };
}
