import { setTimeout as sleep } from 'node:timers/promises';
import type { Colour } from '../config/types.js';
import { FerryError } from '../errors.js';
import type { FlowContext, FlowPorts, FlowTask } from '../flows/context.js';
import { startProbe } from './probe.js';
import { ensureRouterOnce } from './router-ready.js';
import { runsCanary, runsRolling } from './canary-run.js';

/** Point nginx at the new colour and confirm through the router; its undo puts the previous config back. */
export function switchStep(): FlowTask {
  return {
    title: 'Switch traffic',
    enabled: (ctx) => !runsCanary(ctx) && !runsRolling(ctx), // a canary ends with the same switch, after its steps; a rolling update with its last batch
    task: async (ctx, task) => {
      const router = ctx.ports.router;
      await ensureRouterOnce(ctx);
      let previousText: string | null = null; // the router hands it over before it changes anything
      ctx.undo.push({
        title: `Switch traffic back${ctx.active ? ` to ${ctx.active.colour} (${ctx.active.version})` : ''}`,
        run: async (c) => {
          if (previousText !== null) await router.restoreUpstream(previousText);
          if (c.active) await confirmServing(router, c.active.colour);
        },
      });
      await applySwitch(ctx, task, (text) => (previousText = text));
    },
  };
}

/** Switch to the new colour, confirmed through the router, with its timings; `beforeChange` gets what an undo puts back. */
export async function applySwitch(ctx: FlowContext, task: { title: string }, beforeChange?: (previousText: string | null) => void): Promise<void> {
  const target = ctx.target!;
  task.title = `Switch traffic to ${target.colour} (${target.version})`;
  ctx.switched = await ctx.ports.router.switchTo({ colour: target.colour, port: target.port, version: target.version }, { signal: ctx.signal, ...(beforeChange && { beforeChange }) });
  ctx.timings.confirmedAt = ctx.switched.confirmedAt;
  if (ctx.switched.warning) ctx.warnings.push(ctx.switched.warning);
  startProbe(ctx); // a first deploy had nothing to watch before now
  ctx.timings.switchMs = ctx.switched.confirmedAt - (ctx.healthyAt ?? ctx.switched.appliedAt);
  // its two parts, for the benches: up to when the new routing took effect (a flipped link, or a config written, tested and reloaded), and the confirmation
  ctx.timings.switchApplyMs = ctx.switched.appliedAt - (ctx.healthyAt ?? ctx.switched.appliedAt);
  ctx.timings.switchConfirmMs = ctx.switched.confirmedAt - ctx.switched.appliedAt;
  task.title = `Switch traffic to ${target.colour} (${target.version}): confirmed through the router ${ctx.switched.confirmedAt - ctx.switched.appliedAt} ms after it took effect`;
}

/** After switching back, prove through the router that the previous colour answers again. */
async function confirmServing(router: FlowPorts['router'], colour: Colour, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const live = await router.probe();
    if (live?.colour === colour) return;
    await sleep(50);
  }
  throw new FerryError(`the router does not answer from ${colour} after switching back`);
}
