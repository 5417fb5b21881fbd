import { describe, expect, it } from 'vitest';
import { withoutLoadedNote } from './container-kept.js';
import { ConfigError } from '../../errors.js';
import { FerryError } from '../../errors.js';
import { keptColours, parseContainerUpstreamConf, releasesOf, renderContainerMainConf, renderContainerUpstreamConf, servingTarget, usesLiveLink, withServingMarker } from './container-config.js';

const upstreams = { blue: { host: 'demo-staging-blue', port: 3000 }, green: { host: 'demo-staging-green', port: 3000 } };

describe('renderContainerMainConf', () => {
  it('renders the whole config: container paths, logs to the engine, the active upstream with a by-name fallback', () => {
    expect(renderContainerMainConf({ app: 'demo', env: 'staging', drainMs: 10_000, snippet: 'location = /robots.txt { return 200 "no"; }' })).toBe(
      `# Written by ferry for app demo, environment staging. Ferry rewrites this file: do not edit.
pid /tmp/nginx.pid;
error_log stderr;
worker_processes auto;
# graceful reload: old workers finish in-flight requests, for at most the drain time
worker_shutdown_timeout 10s;

events {
    worker_connections 1024;
}

http {
    # colour: the X-Ferry-Colour the client got; msec: when the answer ended (a canary step's figures, access-log.ts)
    log_format ferry '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                     'upstream=$upstream_addr upstream_status=$upstream_status request_time=$request_time '
                     'colour=$sent_http_x_ferry_colour msec=$msec';
    # buffered: one write per 32k or per second, not one per request; the engine's log driver keeps it
    access_log /dev/stdout ferry buffer=32k flush=1s;

    client_body_temp_path /tmp/client_body;
    proxy_temp_path /tmp/proxy;
    fastcgi_temp_path /tmp/fastcgi;
    uwsgi_temp_path /tmp/uwsgi;
    scgi_temp_path /tmp/scgi;

    # for what is resolved per request: the idle colour (the health gate's previews) and the @by_name fallback
    resolver 127.0.0.11 valid=5s ipv6=off;

    # defines $ferry_colour, $ferry_upstream, $ferry_by_name and the serving colour's upstream; rewritten when a colour's release changes
    include /etc/nginx/ferry-upstream.conf;

    server {
        listen 80;

        # the colour that serves: ferry flips this link to switch, without a reload (green while it resolves)
        set $ferry_live blue;
        if (-e /etc/nginx/ferry-live) {
            set $ferry_live green;
        }

        location / {
            # add_header inside a location disables inheritance, so both headers live here
            add_header X-Ferry-Colour $ferry_colour always;
            add_header X-Ferry-Upstream $upstream_addr always;
            if ($ferry_colour = none) {
                return 503 "no active release\\n";
            }
            proxy_pass http://$ferry_upstream;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 500ms;
            # only nginx's own 502/504 (errors are not intercepted): an app's own 5xx reaches the client as it is
            error_page 502 = @by_name_502;
            error_page 504 = @by_name_504;
        }

        location @by_name_502 {
            if ($upstream_bytes_sent !~ "(^|, )0$") {
                return 502;
            }
            add_header X-Ferry-Colour $ferry_colour always;
            add_header X-Ferry-Upstream $upstream_addr always;
            proxy_pass http://$ferry_by_name;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 500ms;
        }

        location @by_name_504 {
            if ($upstream_bytes_sent !~ "(^|, )0$") {
                return 504;
            }
            add_header X-Ferry-Colour $ferry_colour always;
            add_header X-Ferry-Upstream $upstream_addr always;
            proxy_pass http://$ferry_by_name;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 500ms;
        }

        # router/snippet
        location = /robots.txt { return 200 "no"; }
    }
}
`,
    );
  });
});

describe('renderContainerUpstreamConf', () => {
  const v1 = { colour: 'blue', port: 3000, version: 'v1' } as const;
  const v2 = { colour: 'green', port: 3000, version: 'v2' } as const;

  it('records both releases, leaves the serving colour to the live link, keeps connections open to each kept colour', () => {
    expect(renderContainerUpstreamConf({ blue: v1, green: v2 }, ['green', 'blue'], upstreams, 'abc123')).toBe(
      `# ferry-colour blue port=3000 version=v1
# ferry-colour green port=3000 version=v2
# which colour serves: /etc/nginx/ferry-live (green while it resolves, else blue)
map $http_x_ferry_preview $ferry_colour {
    default $ferry_live;
    "abc123-blue" blue;
    "abc123-green" green;
}
# resolved once, when nginx loads this file (ferry wrote it while the container ran)
upstream ferry_kept_blue {
    server demo-staging-blue:3000;
    # idle connections kept open per worker: no connect per request (direct's throughput), and more than a busy client's concurrent requests
    keepalive 32;
    # closed before the app closes them (Node's default is 5 s): a request never races the app's close on an idle one
    keepalive_timeout 4s;
}
# resolved once, when nginx loads this file (ferry wrote it while the container ran)
upstream ferry_kept_green {
    server demo-staging-green:3000;
    # idle connections kept open per worker: no connect per request (direct's throughput), and more than a busy client's concurrent requests
    keepalive 32;
    # closed before the app closes them (Node's default is 5 s): a request never races the app's close on an idle one
    keepalive_timeout 4s;
}
# a request with no preview header goes to the serving colour's kept-open connections, when it has them
map "$http_x_ferry_preview:$ferry_live" $ferry_upstream {
    default $ferry_by_name;
    ":blue" ferry_kept_blue;
    ":green" ferry_kept_green;
}
map $ferry_colour $ferry_by_name {
    default 127.0.0.1:1;
    blue demo-staging-blue:3000;
    green demo-staging-green:3000;
}
`,
    );
  });

  it('with no kept colour (no container running) every request goes by name', () => {
    const text = renderContainerUpstreamConf({ blue: v1 }, [], upstreams, 'abc123');
    expect(text).not.toMatch(/^upstream /m);
    expect(keptColours(text, upstreams)).toEqual([]);
    expect(keptColours(renderContainerUpstreamConf({ blue: v1 }, ['blue'], upstreams, 'abc123'), upstreams)).toEqual(['blue']);
    expect(keptColours(renderContainerUpstreamConf({ blue: v1 }, ['green', 'blue'], upstreams, 'abc123'), upstreams)).toEqual(['blue', 'green']);
    expect(text).toContain(`map "$http_x_ferry_preview:$ferry_live" $ferry_upstream {
    default $ferry_by_name;
}
`);
  });

  it('a conf of an older ferry: its one block, ferry_active, is the kept colour', () => {
    const old = 'upstream ferry_active {\n    server demo-staging-green:3000;\n    keepalive 32;\n}\n';
    expect(keptColours(old, upstreams)).toEqual(['green']);
  });

  it('the note of what nginx loaded goes after the release lines, and changes nothing nginx reads', () => {
    const loaded = { routerStartedAt: '2026-12-02T02:27:39.1Z', kept: { blue: 'abc@172.18.0.3', green: 'def@172.18.0.4' } };
    const text = renderContainerUpstreamConf({ blue: v1, green: v2 }, ['green'], upstreams, 'abc123', loaded);
    expect(text.split('\n')[3]).toBe('# ferry-loaded router=2026-12-02T02:27:39.1Z blue=abc@172.18.0.3 green=def@172.18.0.4');
    expect(withoutLoadedNote(text)).toBe(renderContainerUpstreamConf({ blue: v1, green: v2 }, ['green'], upstreams, 'abc123'));
  });

  it('with no release every request without a preview gets the 503, whatever the link says', () => {
    const text = renderContainerUpstreamConf(null, [], upstreams, 'abc123');
    expect(text).not.toMatch(/^upstream /m);
    expect(text.split('\n').slice(0, 3)).toEqual(['# ferry-active none', 'map $http_x_ferry_preview $ferry_colour {', '    default none;']);
    expect(usesLiveLink(text)).toBe(false);
    expect(servingTarget(text, '/etc/nginx/ferry-colours/green')).toBeNull();
    expect(parseContainerUpstreamConf(withServingMarker(text, null))).toBeNull();
  });

  it('what serves is the release of the colour the link picks, as nginx picks it (no link: blue)', () => {
    const text = renderContainerUpstreamConf({ blue: v1, green: v2 }, ['blue'], upstreams, 'abc');
    expect(releasesOf(text)).toEqual({ blue: v1, green: v2 });
    expect(servingTarget(text, '/etc/nginx/ferry-colours/green')).toEqual(v2);
    expect(servingTarget(text, '/etc/nginx/ferry-colours/blue')).toEqual(v1);
    expect(servingTarget(text, null)).toEqual(v1);
    // a restore reads the serving release from the first line, like the host router's marker
    expect(parseContainerUpstreamConf(withServingMarker(text, '/etc/nginx/ferry-colours/green'))).toEqual(v2);
  });

  it('a link to a colour with no recorded release is named, not guessed', () => {
    const text = renderContainerUpstreamConf({ blue: v1 }, ['blue'], upstreams, 'abc');
    expect(() => servingTarget(text, '/etc/nginx/ferry-colours/green')).toThrow(FerryError);
    expect(() => servingTarget(text, '/etc/nginx/ferry-colours/green')).toThrow(/records no release for green/);
  });

  it('a conf written before the live link: its marker line is what serves, whatever any link says', () => {
    const old = `# ferry-active colour=green port=3000 version=v7
map $http_x_ferry_preview $ferry_colour {
    default green;
}
`;
    expect(usesLiveLink(old)).toBe(false);
    expect(servingTarget(old, null)).toEqual({ colour: 'green', port: 3000, version: 'v7' });
    expect(releasesOf(old)).toEqual({ green: { colour: 'green', port: 3000, version: 'v7' } });
    expect(withServingMarker(old, '/etc/nginx/ferry-colours/blue')).toBe(old);
  });

  it('refuses what nginx would parse as more than a value', () => {
    expect(() => renderContainerUpstreamConf({ blue: { ...v1, version: 'v1;' } }, [], upstreams, 'abc')).toThrow(ConfigError);
    expect(() => renderContainerUpstreamConf(null, [], upstreams, 'a"b')).toThrow(ConfigError);
    expect(() => renderContainerUpstreamConf(null, [], { ...upstreams, blue: { host: 'x y', port: 1 } }, 'abc')).toThrow(ConfigError);
  });
});
