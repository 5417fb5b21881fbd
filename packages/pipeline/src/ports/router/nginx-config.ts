import { COLOURS, type Colour } from '../../config/types.js';
import { ConfigError, FerryError } from '../../errors.js';
import type { RouterTarget } from './types.js';

export interface MainConfOptions {
  dir: string; // absolute <stateDir>/router
  tmpDir: string; // where the workers write request bodies and buffered responses
  listen: { host: string; port: number };
  drainMs: number;
  snippet?: string;
  app: string;
  env: string;
}

// Paths go into the config unquoted; nginx would split or expand these characters.
const UNSAFE_IN_CONF = /[\s;{}"'$#\\]/;

export function assertConfSafePath(path: string, key: string): void {
  if (!path.startsWith('/') || UNSAFE_IN_CONF.test(path)) {
    throw new ConfigError(
      `${key}: "${path}" cannot be used in an nginx config; use an absolute path without spaces, quotes, ; { } $ # or \\`,
    );
  }
}

/** `host:port` as nginx `listen` and URLs want it (IPv6 in brackets). */
export function hostPort(listen: { host: string; port: number }): string {
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return `${host}:${listen.port}`;
}

/** The address a rendered main conf listens on, e.g. `127.0.0.1:8080`; null when it has none. */
export function listenOf(mainConf: string): string | null {
  return /^\s*listen (\S+);$/m.exec(mainConf)?.[1] ?? null;
}

// worker_shutdown_timeout takes whole seconds here; round up so the cap is never shorter than asked.
export function drainSeconds(drainMs: number): number {
  return Math.max(1, Math.ceil(drainMs / 1000));
}

export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .trim()
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : pad + line.trimEnd()))
    .join('\n');
}

// How every router location proxies: HTTP/1.1 with no Connection header, so upstream connections can stay open.
// A connect on the engine's network takes well under a millisecond, but the address of a colour that died answers
// nothing at all (no host is there to refuse it): 500 ms, so its requests fail fast (it was 4 s: 2 s, twice) rather than hang.
export function proxyDirectives(proxyPass: string): string {
  return `            proxy_pass ${proxyPass};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 500ms;`;
}

const COLOUR_HEADERS = `            add_header X-Ferry-Colour $ferry_colour always;
            add_header X-Ferry-Upstream $upstream_addr always;`;

/**
 * The one location every router config has: the colour headers, the 503 with no release, the proxy.
 * With `byName`, a request nginx itself could not deliver (its own 502/504: nothing answered at the
 * address resolved when the config was loaded) goes once more to `byName`, resolved per request.
 */
export function proxyLocation(proxyPass: string, byName?: string): string {
  const location = `        location / {
            # add_header inside a location disables inheritance, so both headers live here
${COLOUR_HEADERS}
            if ($ferry_colour = none) {
                return 503 "no active release\\n";
            }
${proxyDirectives(proxyPass)}`;
  if (!byName) return `${location}\n        }`;
  return `${location}
            # only nginx's own 502/504 (errors are not intercepted): an app's own 5xx reaches the client as it is
            error_page 502 = @by_name_502;
            error_page 504 = @by_name_504;
        }

${[502, 504].map((status) => byNameLocation(status, byName)).join('\n\n')}`;
}

// The container came back at another address (restarted alone): its name, resolved now. Only when nginx's
// last attempt sent nothing (it makes another attempt only where that is safe, never a POST an app began)
// does the request go again, so nothing is run twice; otherwise nginx's own status.
const byNameLocation = (status: number, byName: string) => `        location @by_name_${status} {
            if ($upstream_bytes_sent !~ "(^|, )0$") {
                return ${status};
            }
${COLOUR_HEADERS}
${proxyDirectives(byName)}
        }`;

/** What every router config has from the drain cap to the log format, opening the http block. */
export function drainEventsAndLogFormat(drainMs: number): string {
  return `# graceful reload: old workers finish in-flight requests, for at most the drain time
worker_shutdown_timeout ${drainSeconds(drainMs)}s;

events {
    worker_connections 1024;
}

http {
    # colour: the X-Ferry-Colour the client got; msec: when the answer ended (a canary step's figures, access-log.ts)
    log_format ferry '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                     'upstream=$upstream_addr upstream_status=$upstream_status request_time=$request_time '
                     'colour=$sent_http_x_ferry_colour msec=$msec';`;
}

/** The router/snippet, indented into the server block. */
export function snippetBlock(snippet: string | undefined): string {
  return snippet?.trim() ? `\n        # router/snippet\n${indent(snippet, 8)}\n` : '';
}

export function renderMainConf(opts: MainConfOptions): string {
  const { dir, tmpDir } = opts;
  assertConfSafePath(dir, 'state_dir');
  assertConfSafePath(tmpDir, 'state_dir');
  const snippet = snippetBlock(opts.snippet);
  return `# Written by ferry for app ${opts.app}, environment ${opts.env}. Ferry rewrites this file: do not edit.
daemon on;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
# one worker per core: a single worker held the router to ~60 % of the app's own throughput
worker_processes auto;
${drainEventsAndLogFormat(opts.drainMs)}
    # buffered: one write per 32k or per second, not one per request
    access_log ${dir}/access.log ferry buffer=32k flush=1s;

    # written by the workers, so in a directory they can reach
    client_body_temp_path ${tmpDir}/client_body;
    proxy_temp_path ${tmpDir}/proxy;
    fastcgi_temp_path ${tmpDir}/fastcgi;
    uwsgi_temp_path ${tmpDir}/uwsgi;
    scgi_temp_path ${tmpDir}/scgi;

    # defines upstream ferry_backend and $ferry_colour; swapped atomically on every switch
    include ${dir}/upstream.conf;

    server {
        listen ${hostPort(opts.listen)};

${proxyLocation('http://ferry_backend')}
${snippet}    }
}
`;
}

const MARKER_PREFIX = '# ferry-active';
const SAFE_VERSION = /^[A-Za-z0-9_.\-+]+$/;

export function renderUpstreamConf(target: RouterTarget | null): string {
  if (!target) {
    return `${MARKER_PREFIX} none
map "" $ferry_colour { default none; }
upstream ferry_backend {
    # never used: the location answers 503 "no active release" while $ferry_colour is none
    server 127.0.0.1:1 down;
}
`;
  }
  if (!SAFE_VERSION.test(target.version)) {
    throw new ConfigError(`router target version "${target.version}" must be a plain tag (letters, digits, . _ - +)`);
  }
  return `${MARKER_PREFIX} colour=${target.colour} port=${target.port} version=${target.version}
map "" $ferry_colour { default ${target.colour}; }
upstream ferry_backend {
    server 127.0.0.1:${target.port};
    # idle connections kept open per worker: more than a busy client's concurrent requests, so none is reopened
    keepalive 32;
}
`;
}

const MARKER = /^# ferry-active colour=(\w+) port=(\d+) version=(\S+)$/;

/** The marker's target, or null for a file that is not Ferry's (what a switch replaces it with does not depend on it). */
export function tryParseUpstreamConf(text: string): RouterTarget | null {
  try {
    return parseUpstreamConf(text);
  } catch {
    return null;
  }
}

/** Reads the marker line back: the router's own record of what it serves. */
export function parseUpstreamConf(text: string): RouterTarget | null {
  const first = text.split('\n', 1)[0]!.trim();
  if (first === `${MARKER_PREFIX} none`) return null;
  const m = MARKER.exec(first);
  const colour = m?.[1] as Colour | undefined;
  const port = Number(m?.[2]);
  if (!m || !colour || !COLOURS.includes(colour) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new FerryError(
      // the line itself is not quoted: a hand-edited file may hold anything (an include of a private file, say)
      `the router's upstream config is not Ferry's: its first line is no marker (expected "# ferry-active colour=<blue|green> port=<n> version=<tag>" or "# ferry-active none"); \`ferry repair\` rewrites it from what serves`,
    );
  }
  return { colour, port, version: m[3]! };
}
