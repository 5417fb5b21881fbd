import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { FerryError } from '../errors.js';
import { describeProbe, probeHttp } from '../ports/http/probe.js';
import { everyReplica, healthVerdict } from '../planning/health-verdict.js';
import { replicaEndpoint } from '../ports/router/replica-preview.js';
import type { ColourEndpoint } from '../ports/router/types.js';
import type { TargetSlot } from '../planning/deploy-plan.js';
import type { FlowContext, FlowTask } from '../flows/context.js';
import { reportProgress, type ProgressTask } from '../flows/progress-events.js';
import { printable } from '../planning/printable.js';
import { colourReachedThroughRouter, ensureRouterOnce } from './router-ready.js';
import { runsCanary, runsRolling } from './canary-run.js';
import { testFirstStepAhead } from './canary.js';

/** Poll the new colour until healthy or the deploy_timeout deadline; a dead container fails at once. The deadline holds whatever the engine does. */
export function healthStep(): FlowTask {
  return {
    title: 'Health gate',
    enabled: (ctx) => !runsRolling(ctx), // a rolling update gates each batch
    task: async (ctx, task) => {
      const all = ctx.target!.replicas.map((_, i) => i + 1);
      // a canary's first weight is tested by the router while the gate waits for the new colour
      const ahead = runsCanary(ctx) ? testFirstStepAhead(ctx) : Promise.resolve();
      const { attempts, ms } = await gateReplicas(ctx, task, all).finally(() => ahead);
      ctx.healthyAt = Date.now();
      ctx.timings.healthMs = ms;
      ctx.timings.healthProbes = attempts;
      task.title = `Health gate: ${ctx.target!.colour} healthy after ${ms} ms (${attempts} probes)`;
    },
  };
}

/** What a gate checks: a colour's replicas of one version (the new colour's, or the serving one's restarted). */
export type GatedSlot = Pick<TargetSlot, 'colour' | 'port' | 'version' | 'replicas' | 'containerName'>;

/**
 * Poll the replicas (1-based) of the new colour (or of `target`) until every one is healthy, or fail at the
 * deploy_timeout deadline; a dead container fails at once. The deadline holds whatever the engine does.
 */
export async function gateReplicas(ctx: FlowContext, task: ProgressTask & { title: string }, replicas: number[], target: GatedSlot = ctx.target!): Promise<{ attempts: number; ms: number }> {
  const { intervalMs, timeoutMs, deployTimeoutMs, path } = ctx.config.health;
  const started = Date.now();
  // An engine call still unanswered when the last check's own bound (health.timeout, as for its HTTP probe) has
  // passed the deadline is cut: the gate fails then, without asking that engine for logs.
  const deadline = AbortSignal.timeout(deployTimeoutMs + timeoutMs);
  const endpoint = await beforeDeadline(target, ctx, deadline, 'the router', async () => {
    // a warm rollback starts nothing before this: its previews need the router up
    if (colourReachedThroughRouter(ctx)) await ensureRouterOnce(ctx);
    return ctx.ports.router.colourEndpoint(target.colour, target.port, path);
  });
  task.title = `Health gate ${endpoint.url}`;
  for (let attempt = 1; ; attempt++) {
    const verdict = await checkOnce(ctx, target, endpoint, replicas, timeoutMs, deadline);
    if (verdict.kind === 'healthy') return { attempts: attempt, ms: Date.now() - started };
    const left = started + deployTimeoutMs - Date.now();
    if (verdict.kind === 'dead' || left <= 0) throw new FerryError(notHealthy(target, ctx, verdict.why) + (await tailLogs(ctx, target)));
    reportProgress(ctx, task, { kind: 'health-wait', why: verdict.why, secondsLeft: Math.ceil(left / 1000) });
    await sleep(Math.min(intervalMs, left), undefined, { signal: ctx.signal });
  }
}

const notHealthy = (target: GatedSlot, ctx: FlowContext, why: string) => `${target.version} on ${target.colour} did not become healthy within ${ctx.config.health.deployTimeoutMs} ms: ${why}`;

/** `work`, or the gate's failure the moment the deadline passes while the engine has not answered `what`. */
async function beforeDeadline<T>(target: GatedSlot, ctx: FlowContext, deadline: AbortSignal, what: string, work: () => Promise<T>): Promise<T> {
  const silent = () =>
    new FerryError(notHealthy(target, ctx, `the Docker engine at ${ctx.ports.docker.address} did not answer (${what}) by health.deploy_timeout + health.timeout; its logs were not asked for`));
  if (deadline.aborted) throw silent();
  let onAbort = () => undefined as void;
  const expired = new Promise<never>((_, reject) => deadline.addEventListener('abort', (onAbort = () => reject(silent())), { once: true }));
  try {
    return await Promise.race([work(), expired]);
  } catch (error) {
    throw deadline.aborted && !ctx.signal.aborted ? silent() : error;
  } finally {
    deadline.removeEventListener('abort', onAbort);
  }
}

/** Every replica of the colour at once: each through its own preview (container/replicas). */
async function checkOnce(ctx: FlowContext, target: GatedSlot, endpoint: ColourEndpoint, indexes: number[], timeoutMs: number, deadline: AbortSignal) {
  const names = target.replicas;
  const checked = await Promise.all(
    indexes.map(async (index) => {
      const name = names[index - 1]!;
      return { name, verdict: await checkReplica(ctx, target, name, replicaEndpoint(endpoint, index, names.length), timeoutMs, deadline) };
    }),
  );
  return everyReplica(checked);
}

async function checkReplica(ctx: FlowContext, target: GatedSlot, name: string, { url, headers }: ColourEndpoint, timeoutMs: number, deadline: AbortSignal) {
  const [container, probe] = await Promise.all([
    beforeDeadline(target, ctx, deadline, `inspect container ${name}`, () => ctx.ports.docker.inspect(name, deadline)),
    probeHttp(url, timeoutMs, ctx.signal, headers),
  ]);
  return healthVerdict({
    state: container?.state ?? 'missing',
    docker: container?.health ?? 'none',
    httpOk: probe.ok,
    httpWhy: describeProbe(url, probe),
  });
}

async function tailLogs(ctx: FlowContext, target: GatedSlot): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk, _enc, done) => (chunks.push(Buffer.from(chunk)), done()) });
  await ctx.ports.docker.logs(target.containerName, { follow: false, tail: 5, out }).catch(() => undefined);
  const text = printable(ctx.redactor.redact(Buffer.concat(chunks).toString('utf8').trim()));
  return text ? `\nlast log lines:\n${text}` : '';
}
