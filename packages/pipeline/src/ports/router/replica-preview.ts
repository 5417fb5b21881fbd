// A colour of several replicas (container/replicas): requests reach them all through the colour's name; the health
// gate reaches each one with the preview header plus X-Ferry-Replica, routed by name to that replica's alias.
import { COLOURS, type Colour } from '../../config/types.js';
import type { ColourEndpoint } from './types.js';

export const REPLICA_HEADER = 'x-ferry-replica';

/** Replica `index` (1-based) of a colour named `base`: the first keeps the colour's name, the others add their number. */
export const replicaContainer = (base: string, index: number): string => (index === 1 ? base : `${base}-${index}`);

/** Which replica (1-based) a container named `name` is of a colour named `base`: the inverse of replicaContainer. */
export const replicaIndex = (base: string, name: string): number => Number(/^-(\d+)$/.exec(name.slice(base.length))?.[1] ?? 1);

/** The name only replica `index` answers to on the network (the first by an alias, the others by their own name). */
export const replicaAlias = (base: string, index: number): string => `${base}-${index}`;

/** The endpoint of replica `index` (1-based) of a colour of `count`: the colour's own when it has one. */
export function replicaEndpoint(endpoint: ColourEndpoint, index: number, count: number): ColourEndpoint {
  return count > 1 ? { url: endpoint.url, headers: { ...endpoint.headers, [REPLICA_HEADER]: String(index) } } : endpoint;
}

/** Where nginx reaches a colour by name: all its replicas (round robin per request), or the one a replica header names. */
export function byNameMap(upstreams: Record<Colour, { host: string; port: number; replicas?: number }>): string {
  const several = COLOURS.some((colour) => (upstreams[colour].replicas ?? 1) > 1);
  if (!several) {
    return `map $ferry_colour $ferry_by_name {
    default 127.0.0.1:1;
${COLOURS.map((colour) => `    ${colour} ${upstreams[colour].host}:${upstreams[colour].port};`).join('\n')}
}
`;
  }
  const lines = COLOURS.flatMap((colour) => {
    const { host, port, replicas = 1 } = upstreams[colour];
    const each = Array.from({ length: replicas }, (_, i) => `    "${colour}:${i + 1}" ${replicaAlias(host, i + 1)}:${port};`);
    return [`    "~^${colour}:" ${host}:${port};`, ...(replicas > 1 ? each : [])];
  });
  return `# a colour's replicas answer to its name; the health gate's X-Ferry-Replica names one (its alias <name>-<n>)
map "$ferry_colour:$http_x_ferry_replica" $ferry_by_name {
    default 127.0.0.1:1;
${lines.join('\n')}
}
`;
}
