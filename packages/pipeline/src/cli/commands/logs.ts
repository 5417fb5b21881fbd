import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { activeContainer } from '../../api/logs.js';
import { redactorFor, type Redactor } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { asServed, createPorts } from '../../flows/ports.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printable } from '../../planning/printable.js';

/** Logs of the colour the router really sends traffic to, every secret (and its encoded forms) masked over the whole stream. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  const config = await asServed(await loadConfigFor(args));
  const ports = createPorts(config, signal);
  const container = await activeContainer(config, ports);
  if (!container) throw new ConfigError(`${config.name}: no active container to show logs for. Deploy first.`);
  process.stderr.write(`logs of ${container.name} (${container.version}, ${container.colour})\n`);
  const out = printableTo(process.stdout, redactorFor(config, process.env));
  try {
    await ports.docker.logs(container.id, { follow: args.follow, tail: args.follow ? 50 : 200, out, signal });
  } finally {
    out.flush(); // the held-back end of the stream, masked (Ctrl+C in follow mode included)
  }
  return 0;
}

// A secret split across chunks is masked whole (the redactor holds back a tail); control characters never reach the terminal.
function printableTo(out: NodeJS.WritableStream, redactor: Redactor): Writable & { flush: () => void } {
  const decoder = new StringDecoder('utf8'); // a character split across chunks is kept whole
  const masked = redactor.stream();
  const writer = new Writable({ write: (chunk: Buffer, _enc, done) => (out.write(printable(masked.write(decoder.write(chunk)))), done()) });
  return Object.assign(writer, { flush: () => void out.write(printable(masked.write(decoder.end()) + masked.end())) });
}
