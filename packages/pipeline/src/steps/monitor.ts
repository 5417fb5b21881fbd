import { setTimeout as sleep } from 'node:timers/promises';
import { FerryError } from '../errors.js';
import { describeProbe, probeHttp } from '../ports/http/probe.js';
import type { FlowTask } from '../flows/context.js';
import { reportProgress } from '../flows/progress-events.js';
import { nextStreak } from '../planning/failure-streak.js';
import { routerUrl } from '../planning/names.js';
import { stopProbe } from './probe.js';

/** After the switch, keep probing the new colour directly and through the router; any failure switches back. */
export function monitorStep(): FlowTask {
  return {
    title: 'Monitor',
    skip: (ctx) => (ctx.config.strategy.monitorMs > 0 ? false : 'strategy/monitor is 0s'),
    task: async (ctx, task) => {
      const { monitorMs } = ctx.config.strategy;
      const { intervalMs, timeoutMs, path, failureThreshold } = ctx.config.health;
      const target = ctx.target!;
      const { url: direct, headers } = await ctx.ports.router.colourEndpoint(target.colour, target.port, path);
      const routed = routerUrl(ctx.config, path);
      const started = Date.now();
      const end = started + monitorMs;
      let probes = 0;
      let missStreak = 0;
      let missed = 0;
      task.title = `Monitor ${target.colour} for ${monitorMs / 1000} s`;
      while (Date.now() < end) {
        const [a, b] = await Promise.all([probeHttp(direct, timeoutMs, ctx.signal, headers), probeHttp(routed, timeoutMs, ctx.signal)]);
        probes += 2;
        // One slow answer on a busy host is not an outage: a streak of missed health probes is (real user failures show in the traffic probe below, at once).
        const miss = !a.ok ? describeProbe(direct, a) : !b.ok ? `through the router: ${describeProbe(routed, b)}` : null;
        const streak = nextStreak(missStreak, miss === null, failureThreshold);
        missStreak = streak.count;
        if (streak.failed) throw new FerryError(`monitor: ${target.colour} missed ${streak.count} health probe(s) in a row (health.failure_threshold ${failureThreshold}): ${miss}`);
        if (miss !== null) {
          missed += 1;
          task.output = `${target.colour} missed a health probe (${streak.count} of ${failureThreshold} in a row): ${miss}`;
        }
        const servedBy = b.headers['x-ferry-colour'];
        if (b.ok && servedBy !== target.colour) throw new FerryError(`monitor: the router answered from ${servedBy ?? 'an unknown colour'}, not ${target.colour}`);
        const failed = ctx.probe?.failuresSince(started) ?? [];
        if (failed.length > 0) throw new FerryError(`monitor: the traffic probe saw ${failed.length} failed request(s) through the router: ${failed.slice(0, 3).join('; ')}`);
        reportProgress(ctx, task, { kind: 'monitor-wait', probes, secondsLeft: Math.max(0, Math.ceil((end - Date.now()) / 1000)) });
        // The TUI draws its latency/error sparklines and the per-colour split from these.
        if (ctx.probe) reportProgress(ctx, task, { kind: 'probe-second', ...ctx.probe.lastSecond() });
        await sleep(Math.min(intervalMs, Math.max(0, end - Date.now())), undefined, { signal: ctx.signal });
      }
      await stopProbe(ctx);
      if (missed > 0) ctx.warnings.push(`monitor: ${target.colour} missed ${missed} health probe(s), never ${failureThreshold} in a row`);
      const figures = ctx.probeFigures;
      const traffic = figures ? `; traffic probe ${figures.requests} requests, ${figures.failures} failed, p95 ${figures.p95} ms` : '';
      task.title = `Monitor ${target.colour}: ${probes} probes over ${monitorMs / 1000} s, ${missed ? `${missed} missed, never ${failureThreshold} in a row` : 'all healthy'}${traffic}`;
    },
  };
}
