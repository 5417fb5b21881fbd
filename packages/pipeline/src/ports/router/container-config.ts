// The router container's nginx config, as text: rendered by Ferry, put into the container, tested
// there by `nginx -t` before every reload. Paths are the container's own, the same in Ferry's
// host-nginx image and the public nginx images.
import { COLOURS, type Colour } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import { FerryError } from '../../errors.js';
import { drainEventsAndLogFormat, parseUpstreamConf, proxyLocation, snippetBlock, tryParseUpstreamConf } from './nginx-config.js';
import { CONTAINER_LIVE_LINK, liveColourLines, liveColourOf } from './container-live.js';
import { keptUpstreamName, renderLoadedNote, type LoadedNote } from './container-kept.js';
import { containerPorts, listenLines, plainHttpServer, type ListenAt, type TlsSite } from './container-tls.js';
import { previewServer } from './container-preview.js';
import { byNameMap } from './replica-preview.js';
import { renderSplitBlocks, SPLIT_UPSTREAM, splitMarker, splitOf, splitServers, type SplitRender } from './container-split.js';
import type { RouterTarget, Split } from './types.js';

export const CONTAINER_MAIN_CONF = '/etc/nginx/nginx.conf';
export const CONTAINER_UPSTREAM_CONF = '/etc/nginx/ferry-upstream.conf';
export const CONTAINER_LISTEN_PORT = 80;
// Docker's embedded DNS on a user-defined network, the same address on every engine.
const DOCKER_DNS = '127.0.0.11';

export interface ContainerConfOptions {
  app: string;
  env: string;
  drainMs: number;
  snippet?: string;
  tls?: TlsSite; // router/tls: HTTPS on the main server, router/http_listen beside it
  listenAt?: ListenAt; // default the container's own ports; router/listen itself on the host's network (container-tls.ts)
  previewListen?: { host: string; port: number }; // router/preview_listen: a server for the colour that does not serve (container-preview.ts)
  upstreams?: Record<Colour, Upstream>; // where the preview server reaches each colour
}

/** An app container as the router reaches it on the environment's network. */
export interface Upstream {
  host: string; // container name
  port: number; // the app's port inside its container
  replicas?: number; // containers answering to the name (container/replicas); 1 when absent
}

/** The proxy of every server in the router container: the active colour's kept-open upstream, else by name. */
export const containerProxyLocation = (): string => `${liveColourLines()}\n\n${proxyLocation('http://$ferry_upstream', 'http://$ferry_by_name')}`;

export function renderContainerMainConf(opts: ContainerConfOptions): string {
  const at = opts.listenAt ?? containerPorts(opts.tls !== undefined);
  return `# Written by ferry for app ${opts.app}, environment ${opts.env}. Ferry rewrites this file: do not edit.
pid /tmp/nginx.pid;
error_log stderr;
worker_processes auto;
${drainEventsAndLogFormat(opts.drainMs)}
    # buffered: one write per 32k or per second, not one per request; the engine's log driver keeps it
    access_log /dev/stdout ferry buffer=32k flush=1s;

    client_body_temp_path /tmp/client_body;
    proxy_temp_path /tmp/proxy;
    fastcgi_temp_path /tmp/fastcgi;
    uwsgi_temp_path /tmp/uwsgi;
    scgi_temp_path /tmp/scgi;

    # for what is resolved per request: the idle colour (the health gate's previews) and the @by_name fallback
    resolver ${DOCKER_DNS} valid=5s ipv6=off;

    # defines $ferry_colour, $ferry_upstream, $ferry_by_name and the serving colour's upstream; rewritten when a colour's release changes
    include ${CONTAINER_UPSTREAM_CONF};

    server {
${listenLines(opts.tls, at.main)}

${containerProxyLocation()}
${snippetBlock(opts.snippet)}    }
${plainHttpServer(opts.tls, containerProxyLocation(), at.plain)}${previewServer({ ...opts, at: at.preview })}}
`;
}

const SAFE_VERSION = /^[A-Za-z0-9_.\-+]+$/;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const SAFE_TOKEN = /^[A-Za-z0-9]+$/;

/** The release each colour holds, as far as the router knows (the serving colour's is what `ferry status` shows). */
export type Releases = Partial<Record<Colour, RouterTarget>>;

/**
 * Where each colour lives and which release it holds. Which colour serves is not in this file: the live link
 * (container-live.ts) decides per request, so a switch flips the link and needs no reload. A request carrying
 * `X-Ferry-Preview: <token>-<colour>` reaches that colour whichever serves: Ferry's health gate, through the router.
 *
 * Each colour of `kept` gets an `upstream` block (connections kept open: the router's throughput): ferry names
 * the colours whose containers run on the network as this is written, because nginx resolves the names when it
 * loads the file and refuses to load at all when one does not resolve. Requests without a preview go to the
 * serving colour's block when it has one; previews, and requests nginx could not deliver to the address
 * resolved at load, go by name per request. `loaded` (container-kept.ts) records what the running nginx loaded.
 * With no releases (null) every request without a preview gets the 503.
 */
export function renderContainerUpstreamConf(
  releases: Releases | null,
  kept: readonly Colour[],
  upstreams: Record<Colour, Upstream>,
  previewToken: string,
  loaded?: LoadedNote,
  split?: SplitRender,
): string {
  for (const release of Object.values(releases ?? {})) {
    if (!SAFE_VERSION.test(release.version)) throw new ConfigError(`router target version "${release.version}" must be a plain tag (letters, digits, . _ - +)`);
  }
  if (!SAFE_TOKEN.test(previewToken)) throw new ConfigError(`router preview token must be letters and digits`);
  for (const colour of COLOURS) {
    if (!SAFE_NAME.test(upstreams[colour].host)) throw new ConfigError(`router upstream "${upstreams[colour].host}" is not a container name`);
  }
  const byName = (colour: Colour) => `${upstreams[colour].host}:${upstreams[colour].port}`;
  if (split && !(releases?.[split.stable] && releases[split.canary])) throw new FerryError(`router split: no release recorded for ${split.stable} or ${split.canary}`);
  const markers = releases
    ? COLOURS.flatMap((colour) => (releases[colour] ? [releaseMarker(releases[colour])] : [])).join('\n') + `\n# which colour serves: ${CONTAINER_LIVE_LINK} (green while it resolves, else blue)`
    : '# ferry-active none';
  const keptInOrder = split ? [] : COLOURS.filter((colour) => kept.includes(colour));
  const previews = COLOURS.map((colour) => `    "${previewToken}-${colour}" ${colour};`).join('\n');
  const live = split ? COLOURS.map((colour) => `    ":${colour}" ${SPLIT_UPSTREAM};\n`).join('') : keptInOrder.map((colour) => `    ":${colour}" ${keptUpstreamName(colour)};\n`).join('');
  // with a split, the answer's colour is known only once an upstream answered: evaluated again for the header
  return `${markers}${split ? `\n${splitMarker(split)}` : ''}
${loaded ? renderLoadedNote(loaded) : ''}map $http_x_ferry_preview $ferry_colour {
${split ? '    volatile;\n' : ''}    default ${split ? '$ferry_split_colour' : releases ? '$ferry_live' : 'none'};
${previews}
}
${split ? renderSplitBlocks(split, byName) : keptInOrder.map((colour) => keptUpstream(colour, byName(colour))).join('')}# a request with no preview header goes to the serving colour's kept-open connections, when it has them
map "$http_x_ferry_preview:$ferry_live" $ferry_upstream {
    default $ferry_by_name;
${live}}
${byNameMap(upstreams)}`;
}

const RELEASE_MARKER = /^# ferry-colour (\w+) port=(\d+) version=(\S+)$/gm;
const releaseMarker = (release: RouterTarget) => `# ferry-colour ${release.colour} port=${release.port} version=${release.version}`;

function keptUpstream(colour: Colour, address: string): string {
  return `# resolved once, when nginx loads this file (ferry wrote it while the container ran)
upstream ${keptUpstreamName(colour)} {
    server ${address};
    # idle connections kept open per worker: no connect per request (direct's throughput), and more than a busy client's concurrent requests
    keepalive 32;
    # closed before the app closes them (Node's default is 5 s): a request never races the app's close on an idle one
    keepalive_timeout 4s;
}
`;
}

/** Whether the conf leaves the serving colour to the live link (written since the link exists, with a release). */
export const usesLiveLink = (text: string): boolean => /^# ferry-colour /m.test(text);

/** Each colour's release the conf records; a conf from before the live link records the serving one only. */
export function releasesOf(text: string): Releases {
  if (!usesLiveLink(text)) {
    // a conf that is not Ferry's records nothing: what replaces it is rendered from the releases a switch names
    const serving = tryParseUpstreamConf(text);
    return serving ? { [serving.colour]: serving } : {};
  }
  const releases: Releases = {};
  for (const [, colour, port, version] of text.matchAll(RELEASE_MARKER)) {
    if (COLOURS.includes(colour as Colour)) releases[colour as Colour] = { colour: colour as Colour, port: Number(port), version: version! };
  }
  return releases;
}

/** The split the conf records (a `# ferry-split` marker and both colours' releases), or null. */
export const recordedSplit = (text: string): Split | null => (usesLiveLink(text) ? splitOf(text, releasesOf(text)) : null);

/** What serves, from the conf and the live link's target (null: no link): what nginx itself decides per request. */
export function servingTarget(text: string, linkTarget: string | null): RouterTarget | null {
  if (!usesLiveLink(text)) return parseUpstreamConf(text);
  const colour = liveColourOf(linkTarget);
  const release = releasesOf(text)[colour];
  if (!release) throw new FerryError(`${CONTAINER_UPSTREAM_CONF} records no release for ${colour}, the colour its live link serves; \`ferry repair\` rewrites it from what serves`);
  return release;
}

/** The conf with the serving release as its first line: one text that `parseUpstreamConf` and a restore read back. */
export function withServingMarker(text: string, linkTarget: string | null): string {
  // a conf naming no release for the linked colour stays as it is: its reader finds no marker and says so
  const serving = usesLiveLink(text) ? releasesOf(text)[liveColourOf(linkTarget)] : undefined;
  if (!serving) return text;
  return `# ferry-active colour=${serving.colour} port=${serving.port} version=${serving.version}\n${text}`;
}

/** The colours whose connections the conf keeps open (an upstream block each, `ferry_active` in a conf of an older ferry; a split's block). */
export function keptColours(text: string, upstreams: Record<Colour, Upstream>): Colour[] {
  const servers = [...text.matchAll(/^upstream ferry_(?:active|kept_\w+) \{\n\s*server (\S+);$/gm)].map((found) => found[1]!);
  servers.push(...splitServers(text)); // a split's block keeps connections to both of its colours
  return COLOURS.filter((colour) => servers.includes(`${upstreams[colour].host}:${upstreams[colour].port}`));
}

/** The marker line is the same as the host router's: one parser reads both. */
export const parseContainerUpstreamConf = parseUpstreamConf;
