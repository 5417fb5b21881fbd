import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { activeContainer } from '../../api/logs.js';
import { ConfigError } from '../../errors.js';
import { createPorts } from '../../flows/ports.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printable } from '../../planning/printable.js';

/** Logs of the colour the router really sends traffic to. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  const config = await loadConfigFor(args);
  const ports = createPorts(config);
  const container = await activeContainer(config, ports);
  if (!container) throw new ConfigError(`${config.name}: no active container to show logs for. Deploy first.`);
  process.stderr.write(`logs of ${container.name} (${container.version}, ${container.colour})\n`);
  await ports.docker.logs(container.id, { follow: args.follow, tail: args.follow ? 50 : 200, out: printableTo(process.stdout), signal });
  return 0;
}

// Every chunk is cleaned on its own, so no control character reaches the terminal even when a sequence is split.
function printableTo(out: NodeJS.WritableStream): Writable {
  const decoder = new StringDecoder('utf8'); // a character split across chunks is kept whole
  return new Writable({ write: (chunk: Buffer, _enc, done) => (out.write(printable(decoder.write(chunk))), done()) });
}
