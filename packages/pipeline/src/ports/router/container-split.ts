// A canary's weighted split in the router container's upstream conf: one upstream block naming both colours with
// weights (nginx's smooth weighted round robin), for the requests without a preview header; previews still reach
// each colour by name. The split is recorded as a marker line, read back exactly (readSplit, `ferry status`).
import { COLOURS, type Colour } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import type { Split } from './types.js';
import type { Releases } from './container-config.js';

/** What the conf needs to route a split: the colours, the weight, and where nginx reaches each (for X-Ferry-Colour). */
export interface SplitRender {
  stable: Colour;
  canary: Colour;
  canaryPercent: number; // 1..99: 0 and 100 are no split
  answers: Record<Colour, string[]>; // each colour's replicas' `ip:port`, as nginx reports them in $upstream_addr
  servers?: Partial<Record<Colour, string[]>>; // `name:port` of each replica a colour's share goes to (Split.members); else the colour's name
}

export const SPLIT_UPSTREAM = 'ferry_split';
export const SPLIT_MARKER = /^# ferry-split stable=(\w+) canary=(\w+) canary_percent=(\d+)$/m;
const ADDRESS = /^\d+\.\d+\.\d+\.\d+:\d+$/;

export const splitMarker = (split: Pick<SplitRender, 'stable' | 'canary' | 'canaryPercent'>): string => `# ferry-split stable=${split.stable} canary=${split.canary} canary_percent=${split.canaryPercent}`;

/** A split's percent and colours as the router takes them, or a ConfigError naming what is wrong (nothing changed). */
export function assertSplit(split: Split): void {
  if (!Number.isInteger(split.canaryPercent) || split.canaryPercent < 0 || split.canaryPercent > 100) {
    throw new ConfigError(`canary weight ${split.canaryPercent} must be a whole percent from 0 to 100`);
  }
  if (split.stable.colour === split.canary.colour) throw new ConfigError(`a split needs two colours: stable and canary are both ${split.stable.colour}`);
}

/** The split the conf records, with each colour's release (null: one colour serves alone, or a release is missing). */
export function splitOf(text: string, releases: Releases): Split | null {
  const found = SPLIT_MARKER.exec(text);
  if (!found) return null;
  const [, stable, canary, percent] = found;
  const stableRelease = releases[stable as Colour];
  const canaryRelease = releases[canary as Colour];
  if (!stableRelease || !canaryRelease || stable === canary) return null;
  return { stable: stableRelease, canary: canaryRelease, canaryPercent: Number(percent) };
}

/**
 * Each server's whole weight in lowest terms: 10 % → 9:1, 50 % → 1:1 (the shortest round robin cycle, exact soonest).
 * A colour's name stands for each of its replicas (`replicas`), all with its weight: the colour's share stays the percent.
 */
export function splitWeights(canaryPercent: number, replicas: { stable: number; canary: number } = { stable: 1, canary: 1 }): { stable: number; canary: number } {
  const stable = (100 - canaryPercent) * replicas.canary;
  const canary = canaryPercent * replicas.stable;
  const divisor = gcd(stable, canary);
  return { stable: stable / divisor, canary: canary / divisor };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The weighted block and the map that names the colour which answered, from the address nginx reached. */
export function renderSplitBlocks(split: SplitRender, byName: (colour: Colour) => string): string {
  for (const colour of COLOURS) {
    const bad = split.answers[colour].find((address) => !ADDRESS.test(address));
    if (bad !== undefined || split.answers[colour].length === 0) throw new ConfigError(`router split: "${bad ?? ''}" is not an ip:port for ${colour}`);
  }
  const weights = splitWeights(split.canaryPercent, { stable: split.answers[split.stable].length, canary: split.answers[split.canary].length });
  const servers = COLOURS.flatMap((colour) => (split.servers?.[colour] ?? [byName(colour)]).map((server) => `    server ${server} weight=${colour === split.canary ? weights.canary : weights.stable};`)).join('\n');
  const answers = COLOURS.flatMap((colour) => split.answers[colour].map((address) => answerLine(address, colour))).join('\n');
  return `# the split: requests with no preview header, by weight (smooth weighted round robin per worker); resolved when nginx loads this file
upstream ${SPLIT_UPSTREAM} {
${servers}
    # idle connections kept open per worker, closed before the app closes them (as for one colour)
    keepalive 32;
    keepalive_timeout 4s;
}
# X-Ferry-Colour of a split answer: the colour whose container answered (the last address tried); "split" before any did
map $upstream_addr $ferry_split_colour {
    volatile;
    default split;
${answers}
}
`;
}

/** A line of the map from $upstream_addr to the colour that answered: the address as the last one nginx tried. */
export const answerLine = (address: string, colour: Colour): string => `    "~(^| )${address.replaceAll('.', '\\.')}$" ${colour};`;

/** The colours a split block keeps connections to, as `host:port` names (container-config.ts keptColours). */
export const splitServers = (text: string): string[] => [...text.matchAll(/^ {4}server (\S+) weight=\d+;$/gm)].map((found) => found[1]!);
