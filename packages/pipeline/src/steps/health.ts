import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { FerryError } from '../errors.js';
import { describeProbe, probeHttp } from '../ports/http/probe.js';
import { healthVerdict } from '../planning/health-verdict.js';
import type { ColourEndpoint } from '../ports/router/types.js';
import type { FlowContext, FlowTask } from '../flows/context.js';
import { reportProgress } from '../flows/progress-events.js';
import { printable } from '../planning/printable.js';
import { colourReachedThroughRouter, ensureRouterOnce } from './router-ready.js';

/** Poll the new colour until healthy or the deploy_timeout deadline; a dead container fails at once. */
export function healthStep(): FlowTask {
  return {
    title: 'Health gate',
    task: async (ctx, task) => {
      const target = ctx.target!;
      const { intervalMs, timeoutMs, deployTimeoutMs, path } = ctx.config.health;
      // a warm rollback starts nothing before this: its previews need the router up
      if (colourReachedThroughRouter(ctx)) await ensureRouterOnce(ctx);
      const endpoint = await ctx.ports.router.colourEndpoint(target.colour, target.port, path);
      const url = endpoint.url;
      const started = Date.now();
      const deadline = started + deployTimeoutMs;
      task.title = `Health gate ${url}`;
      for (let attempt = 1; ; attempt++) {
        const verdict = await checkOnce(ctx, endpoint, timeoutMs);
        if (verdict.kind === 'healthy') {
          ctx.healthyAt = Date.now();
          ctx.timings.healthMs = ctx.healthyAt - started;
          ctx.timings.healthProbes = attempt;
          task.title = `Health gate: ${target.colour} healthy after ${ctx.timings.healthMs} ms (${attempt} probes)`;
          return;
        }
        const left = deadline - Date.now();
        if (verdict.kind === 'dead' || left <= 0) {
          const logs = await tailLogs(ctx);
          throw new FerryError(`${target.version} on ${target.colour} did not become healthy within ${deployTimeoutMs} ms: ${verdict.why}${logs}`);
        }
        reportProgress(ctx, task, { kind: 'health-wait', why: verdict.why, secondsLeft: Math.ceil(left / 1000) });
        await sleep(Math.min(intervalMs, left), undefined, { signal: ctx.signal });
      }
    },
  };
}

async function checkOnce(ctx: FlowContext, { url, headers }: ColourEndpoint, timeoutMs: number) {
  const [container, probe] = await Promise.all([ctx.ports.docker.inspect(ctx.target!.containerName), probeHttp(url, timeoutMs, ctx.signal, headers)]);
  return healthVerdict({
    state: container?.state ?? 'missing',
    docker: container?.health ?? 'none',
    httpOk: probe.ok,
    httpWhy: describeProbe(url, probe),
  });
}

async function tailLogs(ctx: FlowContext): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk, _enc, done) => (chunks.push(Buffer.from(chunk)), done()) });
  await ctx.ports.docker.logs(ctx.target!.containerName, { follow: false, tail: 5, out }).catch(() => undefined);
  const text = printable(ctx.redactor.redact(Buffer.concat(chunks).toString('utf8').trim()));
  return text ? `\nlast log lines:\n${text}` : '';
}
