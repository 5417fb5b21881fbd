// A canary's weighted split in the host nginx router's upstream conf: the one backend lists both colours' loopback
// ports with weights. Its first line stays the stable's marker (what serves, for readActive and a restore); the
// canary's release and the split follow as marker lines, read back exactly.
import { connect } from 'node:net';
import { COLOURS, type Colour } from '../../config/types.js';
import { FerryError } from '../../errors.js';
import { answerLine, SPLIT_MARKER, splitMarker, splitWeights } from './container-split.js';
import { parseUpstreamConf, renderUpstreamConf } from './nginx-config.js';
import type { RouterTarget, Split } from './types.js';

const CANARY_MARKER = /^# ferry-canary colour=(\w+) port=(\d+) version=(\S+)$/m;
const LOOPBACK = '127.0.0.1';

export function renderHostSplitConf(split: Split): string {
  // each marker line as renderUpstreamConf writes it for that release alone (the same checks of the version)
  const marker = (target: RouterTarget) => renderUpstreamConf(target).split('\n', 1)[0]!;
  const weights = splitWeights(split.canaryPercent);
  const targets = COLOURS.map((colour) => (colour === split.canary.colour ? split.canary : split.stable));
  return `${marker(split.stable)}
${marker(split.canary).replace('# ferry-active ', '# ferry-canary ')}
${splitMarker({ stable: split.stable.colour, canary: split.canary.colour, canaryPercent: split.canaryPercent })}
# X-Ferry-Colour: the colour whose port answered (the last address tried); "split" before any did
map $upstream_addr $ferry_colour {
    volatile;
    default split;
${targets.map((target) => answerLine(`${LOOPBACK}:${target.port}`, target.colour)).join('\n')}
}
upstream ferry_backend {
    # by weight: smooth weighted round robin per worker
${targets.map((target) => `    server ${LOOPBACK}:${target.port} weight=${target === split.canary ? weights.canary : weights.stable};`).join('\n')}
    # idle connections kept open per worker: more than a busy client's concurrent requests, so none is reopened
    keepalive 32;
}
`;
}

/** The split the host router's conf records, or null (one colour serves alone). */
export function hostSplitOf(text: string): Split | null {
  const split = SPLIT_MARKER.exec(text);
  const canary = CANARY_MARKER.exec(text);
  if (!split || !canary) return null;
  const stable = parseUpstreamConf(text);
  if (!stable || stable.colour !== split[1] || canary[1] !== split[2] || !COLOURS.includes(canary[1] as Colour) || stable.colour === canary[1]) return null;
  return { stable, canary: { colour: canary[1] as Colour, port: Number(canary[2]), version: canary[3]! }, canaryPercent: Number(split[3]) };
}

/** Refused before any change: a colour the split sends requests to whose port on this machine takes no connection. */
export async function assertPortsOpen(targets: RouterTarget[]): Promise<void> {
  for (const target of targets) {
    if (!(await accepts(target.port))) throw new FerryError(`${target.colour} (${target.version}) takes no connection on ${LOOPBACK}:${target.port}: a colour must run before a split sends it requests; nothing was changed`);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port, timeout: 1000 });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
