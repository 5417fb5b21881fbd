import { activeContainer } from '../../api/logs.js';
import { ConfigError } from '../../errors.js';
import { createPorts } from '../../flows/ports.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';

/** Logs of the colour the router really sends traffic to. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  const config = await loadConfigFor(args);
  const ports = createPorts(config);
  const container = await activeContainer(config, ports);
  if (!container) throw new ConfigError(`${config.name}: no active container to show logs for. Deploy first.`);
  process.stderr.write(`logs of ${container.name} (${container.version}, ${container.colour})\n`);
  await ports.docker.logs(container.id, { follow: args.follow, tail: args.follow ? 50 : 200, out: process.stdout, signal });
  return 0;
}
