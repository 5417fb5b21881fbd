import type { FlowContext } from '../flows/context.js';
import { ContainerRouter } from '../ports/router/container-router.js';

/** The router running on its current config, once per flow: a step before the switch brings it up, so the switch does not wait for it. */
export async function ensureRouterOnce(ctx: FlowContext): Promise<void> {
  if (ctx.routerEnsured) return;
  await ctx.ports.router.ensureRunning();
  ctx.routerEnsured = true;
}

/** A router container owns the network the colours join, and the health gate goes through it: it must be up first. */
export const colourReachedThroughRouter = (ctx: FlowContext): boolean => ctx.ports.router instanceof ContainerRouter;
