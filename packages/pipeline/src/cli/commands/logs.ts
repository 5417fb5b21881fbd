import { activeReplicas } from '../../api/logs.js';
import { redactorFor } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { asServed, createPorts } from '../../flows/ports.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { chooseReplicas } from '../../planning/log-replicas.js';
import { containerName } from '../../planning/names.js';
import { printableTo } from '../printable-stream.js';

/**
 * Logs of every replica of the colour the router really sends traffic to (or the one --replica names), each replica's
 * stream masked whole (every secret and its encoded forms); with several, each line headed by its replica's name.
 */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  const config = await asServed(await loadConfigFor(args));
  const ports = createPorts(config, signal);
  const { colour, replicas } = await activeReplicas(config, ports);
  if (!colour || replicas.length === 0) throw new ConfigError(`${config.name}: no active container to show logs for. Deploy first.`);
  const chosen = chooseReplicas(replicas, containerName(config, colour), args.replica, `${colour} of ${config.name}`);
  const redactor = redactorFor(config, process.env);
  const show = async (container: (typeof chosen)[number]) => {
    const out = printableTo(process.stdout, redactor, chosen.length > 1 ? `${container.name} | ` : '');
    try {
      await ports.docker.logs(container.id, { follow: args.follow, tail: args.follow ? 50 : 200, out, signal });
    } finally {
      out.flush(); // the held-back end of the stream, masked (Ctrl+C in follow mode included)
    }
  };
  const header = (c: (typeof chosen)[number]) => `logs of ${c.name} (${c.version}, ${c.colour})\n`;
  if (args.follow) {
    // all at once: a line is written whole, so lines of different replicas never mix
    process.stderr.write(chosen.map(header).join(''));
    await Promise.all(chosen.map(show));
    return 0;
  }
  for (const container of chosen) {
    process.stderr.write(header(container));
    await show(container);
  }
  return 0;
}
