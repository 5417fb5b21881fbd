import type { FlowContext } from '../flows/context.js';
import type { ProgressTask } from '../flows/progress-events.js';
import type { FerryContainer } from '../ports/docker/types.js';
import { replicaIndex } from '../ports/router/replica-preview.js';
import { gateReplicas, type GatedSlot } from './health.js';

/**
 * Replicas of the serving colour a rolling update stopped start again and pass the health gate before the router
 * sends them requests: what its failure undoes, and what an abort after its deploy was killed puts back.
 * `task` carries the gate's progress events; its title and output are the caller's to keep.
 */
export async function restartReplicas(ctx: FlowContext, task: ProgressTask, slot: GatedSlot, stopped: Pick<FerryContainer, 'id' | 'name'>[]): Promise<void> {
  if (stopped.length === 0) return;
  for (const { id } of stopped) await ctx.ports.docker.startExisting(id);
  const indexes = stopped.map(({ name }) => replicaIndex(slot.containerName, name));
  await gateReplicas(ctx, { task: task.task, output: '', title: '' }, indexes, slot);
}

/** The serving colour's replicas not running (a rolling update stopped them), by the engine's labels. */
export const stoppedReplicas = (containers: FerryContainer[], serving: { colour: string; version: string }): FerryContainer[] =>
  containers.filter((c) => c.colour === serving.colour && c.version === serving.version && c.state !== 'running');
