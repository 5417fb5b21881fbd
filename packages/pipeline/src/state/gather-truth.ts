import type { EnvironmentConfig } from '../config/types.js';
import type { FlowPorts } from '../flows/context.js';
import type { Truth } from './truth.js';

/** Read the truth: containers by label, the router file on disk, and a live probe through nginx. */
export async function gatherTruth(config: EnvironmentConfig, ports: FlowPorts, signal?: AbortSignal): Promise<Truth> {
  await ports.docker.ping(); // a clear "start dockerd" error beats a socket error from the first list call
  const [containers, running, configured] = await Promise.all([
    ports.docker.list({ app: config.app, env: config.name }),
    ports.router.isRunning(),
    ports.router.readActive(),
  ]);
  // One more try before "does not answer": a busy machine can miss one probe's deadline.
  const live = running ? ((await ports.router.probe(signal)) ?? (await ports.router.probe(signal))) : null;
  return { containers, router: { running, configured, live } };
}
