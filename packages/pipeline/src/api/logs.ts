import { Writable } from 'node:stream';
import type { Colour, EnvironmentConfig } from '../config/types.js';
import { redactorFor } from '../config/index.js';
import type { FlowPorts } from '../flows/context.js';
import { asServed, createPorts } from '../flows/ports.js';
import { printable } from '../planning/printable.js';
import type { FerryContainer } from '../ports/docker/types.js';
import { colourContainers } from '../state/colour-containers.js';
import { gatherTruth } from '../state/gather-truth.js';
import { containerOf, routedColour } from '../state/truth.js';

/** The container of the colour the router really serves (its answer beats its file), or undefined. */
export async function activeContainer(config: EnvironmentConfig, ports: FlowPorts, signal?: AbortSignal): Promise<FerryContainer | undefined> {
  const truth = await gatherTruth(config, ports, signal);
  return containerOf(truth, routedColour(truth));
}

/** Every replica of the colour the router really serves (none set aside by a deploy), and that colour; no colour: nothing serves. */
export async function activeReplicas(config: EnvironmentConfig, ports: FlowPorts, signal?: AbortSignal): Promise<{ colour: Colour | null; replicas: FerryContainer[] }> {
  const colour = routedColour(await gatherTruth(config, ports, signal));
  return { colour, replicas: colour ? await colourContainers(ports.docker, config, colour) : [] };
}

/** The last `tail` log lines of the colour the router really serves, secrets masked; null when nothing serves. */
export async function readActiveLogs(file: EnvironmentConfig, tail = 200, signal?: AbortSignal): Promise<{ container: string; version: string; lines: string[] } | null> {
  const config = await asServed(file);
  const ports = createPorts(config, signal);
  const container = await activeContainer(config, ports, signal);
  if (!container) return null;
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk, _enc, done) => (chunks.push(Buffer.from(chunk)), done()) });
  await ports.docker.logs(container.id, { follow: false, tail, out, signal });
  // Secrets that are set in this process are masked, over the whole text; a missing one has nothing to mask.
  const text = printable(redactorFor(config, process.env).redact(Buffer.concat(chunks).toString('utf8')));
  return { container: container.name, version: container.version, lines: text.split('\n').filter((l) => l.length > 0) };
}
