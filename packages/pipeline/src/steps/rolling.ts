import type { FlowTask } from '../flows/context.js';
import { colourNetwork } from '../flows/ports.js';
import { reportProgress } from '../flows/progress-events.js';
import { batchSize } from '../config/rolling-schema.js';
import { planRolling, rollingPercent } from '../planning/rolling-plan.js';
import { drainSeconds } from '../ports/router/nginx-config.js';
import { colourContainers } from '../state/colour-containers.js';
import { containerName } from '../planning/names.js';
import { replicaIndex } from '../ports/router/replica-preview.js';
import { activeTarget, targetOf } from './canary.js';
import { gateReplicas } from './health.js';
import { startProbe } from './probe.js';
import { ensureRouterOnce } from './router-ready.js';
import { runsRolling } from './canary-run.js';
import { releaseContainerSpec, setAsideReplaced } from './start.js';
import { restartReplicas } from './restart-replicas.js';
import { targetSlot } from '../planning/deploy-plan.js';
import { recordingFailure, recordRolling } from './rolling-record.js';

/**
 * Start-first, batch by batch: start the batch's new replicas, gate each, send them their share (the router's upstream
 * names every serving replica alike, confirmed through the router), then take the batch's old replicas out of the
 * upstream, let their requests drain and stop them. The last batch leaves the new colour alone. Any failure: the
 * stopped old replicas start again, the router goes back to the old colour alone, the new replicas go.
 */
export function rollingStep(): FlowTask {
  return {
    title: 'Rolling update',
    enabled: runsRolling,
    task: (ctx, task) => recordingFailure(ctx, async () => {
      const { docker, router } = ctx.ports;
      const target = ctx.target!;
      await setAsideReplaced(ctx);
      await ensureRouterOnce(ctx);
      const network = colourNetwork(ctx);
      const old = (await colourContainers(docker, ctx.config, ctx.active!.colour)).filter((c) => c.state === 'running');
      const oldBase = containerName(ctx.config, ctx.active!.colour);
      const byIndex = new Map(old.map((c) => [replicaIndex(oldBase, c.name), c]));
      const size = batchSize(ctx.config.strategy.rolling.batch, target.replicas.length);
      const batches = planRolling([...byIndex.keys()], target.replicas.length, size);
      const rec = recordRolling(ctx, { colours: { old: ctx.active!.colour, new: target.colour }, replicas: target.replicas.length, batchSize: size, plannedBatches: batches.length }, {
        onShare: (batch, share) => reportProgress(ctx, task, { kind: 'rolling-share', batch, batches: batches.length, newColour: target.colour, share }),
      });
      const started: string[] = [];
      const stopped: typeof old = [];
      let previousText: string | null | undefined;
      ctx.undo.push({
        title: `Roll back the rolling update to ${ctx.active!.version} on ${ctx.active!.colour}`,
        run: async (c) => {
          // the old replicas it stopped serve again (gated) before the router goes back to the old colour alone
          await restartReplicas(c, task, targetSlot(c.config, c.active!.colour, c.active!.version), stopped);
          if (previousText !== undefined && previousText !== null) await router.restoreUpstream(previousText);
          await router.waitForDrain({ timeoutMs: c.config.router.drainMs });
          for (const name of started) await docker.remove(name);
          rec.undone(previousText != null);
        },
      });
      let serving = [...byIndex.keys()].sort((a, b) => a - b);
      const fresh: number[] = [];
      const stable = activeTarget(ctx);
      const canary = targetOf(ctx);
      const route = async (oldServing: number[]) => {
        const askedAt = rec.sharing();
        if (oldServing.length === 0) {
          ctx.switched = await router.switchTo(canary, { signal: ctx.signal, beforeChange: (text) => (previousText ??= text) });
          return rec.shared(fresh.length, 0, askedAt, ctx.switched);
        }
        const members = { [stable.colour]: oldServing, [canary.colour]: fresh };
        const split = await router.setSplit({ stable, canary, canaryPercent: rollingPercent(fresh.length, oldServing.length), members }, { signal: ctx.signal, beforeChange: (text) => (previousText ??= text) });
        rec.shared(fresh.length, oldServing.length, askedAt, split);
      };
      for (const batch of batches) {
        rec.batch(batch.batch);
        reportProgress(ctx, task, { kind: 'rolling-batch', batch: batch.batch, batches: batches.length, starting: batch.start.length, retiring: batch.retire.length });
        for (const index of batch.start) {
          const spec = releaseContainerSpec(ctx, target, network, index);
          started.push(spec.name);
          rec.started(index);
          const container = await docker.start(spec);
          ctx.imageId ??= container.imageId;
        }
        rec.gating();
        rec.gated(await gateReplicas(ctx, task, batch.start));
        fresh.push(...batch.start);
        await route(serving);
        if (batch.retire.length > 0) {
          serving = serving.filter((index) => !batch.retire.includes(index));
          await route(serving);
          rec.retiring(batch.retire);
          rec.drained((await router.waitForDrain({ timeoutMs: ctx.config.router.drainMs, signal: ctx.signal })).waitedMs);
          const leaving = batch.retire.map((index) => byIndex.get(index)!);
          await Promise.all(leaving.map(({ id }) => docker.stop(id, drainSeconds(ctx.config.router.drainMs))));
          stopped.push(...leaving);
          rec.stopped(batch.retire);
        }
      }
      // the old colour ran fewer replicas than it now keeps: none retired by the last batch, so it still shares
      if (serving.length > 0 || !ctx.switched) await route([]);
      rec.finished();
      ctx.healthyAt ??= ctx.switched!.appliedAt;
      ctx.timings.confirmedAt = ctx.switched!.confirmedAt;
      ctx.rolled = true;
      startProbe(ctx);
      task.title = `Rolling update: ${target.replicas.length} replicas of ${ctx.active!.version} replaced by ${target.version} in ${batches.length} batch(es) of ${size}`;
    }),
  };
}
