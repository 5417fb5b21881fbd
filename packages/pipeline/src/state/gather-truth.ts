import type { EnvironmentConfig } from '../config/types.js';
import type { FlowContext, FlowPorts } from '../flows/context.js';
import { activeInUpstream, splitInUpstream } from '../flows/ports.js';
import { FerryError } from '../errors.js';
import type { RouterTarget, Split } from '../ports/router/types.js';
import { answeringColour } from './served-by.js';
import type { Truth } from './truth.js';

/** Read the truth: containers by label, the router file on disk, and a live probe through nginx. */
export async function gatherTruth(config: EnvironmentConfig, ports: FlowPorts, signal?: AbortSignal): Promise<Truth> {
  return (await readTruth(config, ports, { signal, ping: true })).truth;
}

export interface ReleaseReads {
  truth: Truth;
  upstreamText: string | null; // the router's upstream file the truth's configured target was read from
}

/** A release's plan reads, touching nothing in ctx (a read ahead may be dropped when the check before the plan fails). */
export function readReleaseTruth(ctx: FlowContext, opts: { ping: boolean }): Promise<ReleaseReads> {
  return readTruth(ctx.config, ctx.ports, { signal: ctx.signal, ping: opts.ping });
}

/**
 * A release's plan reads (taken from ctx.readAhead when an earlier step started them): the truth, and the router's
 * upstream file it was read from (the snapshot step saves that text; the lock keeps it from changing until then).
 * Sets ctx.truth and ctx.routerUpstream. `ping: false` when an earlier step pinged the engine (one ping per command).
 */
export async function gatherReleaseTruth(ctx: FlowContext, opts: { ping: boolean }): Promise<Truth> {
  const { truth, upstreamText } = await (ctx.readAhead?.() ?? readReleaseTruth(ctx, opts));
  ctx.truth = truth;
  ctx.routerUpstream = upstreamText;
  return truth;
}

async function readTruth(config: EnvironmentConfig, ports: FlowPorts, opts: { signal?: AbortSignal; ping: boolean }): Promise<ReleaseReads> {
  if (opts.ping) await ports.docker.ping(); // a clear "start dockerd" error beats a socket error from the first list call
  const [containers, running, upstreamText] = await Promise.all([
    ports.docker.list({ app: config.app, env: config.name }),
    ports.router.isRunning(),
    ports.router.readUpstreamText(), // one read for the plan and the snapshot: a container's file reads queue behind each other in the engine
  ]);
  const { configured, configError, split } = readConfigured(ports, upstreamText);
  // One more try before "does not answer": a busy machine can miss one probe's deadline.
  const live = running ? ((await ports.router.probe(opts.signal)) ?? (await ports.router.probe(opts.signal))) : null;
  const answeredBy = answeringColour(config, containers, live);
  return { truth: { containers, router: { running, configured, live, answeredBy, split, ...(configError && { configError }) } }, upstreamText };
}

/** What the router's file says it serves; a file Ferry cannot read is a finding for status and the plan, not a crash. */
function readConfigured(ports: FlowPorts, upstreamText: string | null): { configured: RouterTarget | null; configError?: string; split: Split | null } {
  try {
    return { configured: activeInUpstream(ports.router, upstreamText), split: splitInUpstream(ports.router, upstreamText) };
  } catch (error) {
    if (!(error instanceof FerryError)) throw error;
    return { configured: null, configError: error.message, split: null };
  }
}
