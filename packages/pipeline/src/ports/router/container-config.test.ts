import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { keepsConnectionsOpen, parseContainerUpstreamConf, renderContainerMainConf, renderContainerUpstreamConf } from './container-config.js';

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
    log_format ferry '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                     'upstream=$upstream_addr upstream_status=$upstream_status request_time=$request_time';
    # buffered: one write per 32k or per second, not one per request; the engine's log driver keeps it
    access_log /dev/stdout ferry buffer=32k flush=1s;

    client_body_temp_path /tmp/client_body;
    proxy_temp_path /tmp/proxy;
    fastcgi_temp_path /tmp/fastcgi;
    uwsgi_temp_path /tmp/uwsgi;
    scgi_temp_path /tmp/scgi;

    # for what is resolved per request: the idle colour (the health gate's previews) and the @by_name fallback
    resolver 127.0.0.11 valid=5s ipv6=off;

    # defines $ferry_colour, $ferry_upstream, $ferry_by_name and the active colour's upstream; rewritten on every switch
    include /etc/nginx/ferry-upstream.conf;

    server {
        listen 80;

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
            proxy_connect_timeout 2s;
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
            proxy_connect_timeout 2s;
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
            proxy_connect_timeout 2s;
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
  it('keeps connections open to the running active colour, previews either colour with the token by name', () => {
    expect(renderContainerUpstreamConf({ colour: 'green', port: 3000, version: 'v2' }, upstreams, 'abc123', true)).toBe(
      `# ferry-active colour=green port=3000 version=v2
map $http_x_ferry_preview $ferry_colour {
    default green;
    "abc123-blue" blue;
    "abc123-green" green;
}
# resolved once, when nginx loads this file (ferry wrote it while the container ran)
upstream ferry_active {
    server demo-staging-green:3000;
    # idle connections kept open per worker: no connect per request (direct's throughput), and more than a busy client's concurrent requests
    keepalive 32;
    # closed before the app closes them (Node's default is 5 s): a request never races the app's close on an idle one
    keepalive_timeout 4s;
}
map $ferry_colour $ferry_upstream {
    default 127.0.0.1:1;
    blue demo-staging-blue:3000;
    green ferry_active;
}
map $ferry_colour $ferry_by_name {
    default 127.0.0.1:1;
    blue demo-staging-blue:3000;
    green demo-staging-green:3000;
}
`,
    );
  });

  it('an active colour whose container is not running gets no upstream block (nginx could not load it): by name per request', () => {
    const text = renderContainerUpstreamConf({ colour: 'blue', port: 3000, version: 'v1' }, upstreams, 'abc123', false);
    expect(text).not.toMatch(/^upstream /m);
    expect(keepsConnectionsOpen(text)).toBe(false);
    expect(keepsConnectionsOpen(renderContainerUpstreamConf({ colour: 'blue', port: 3000, version: 'v1' }, upstreams, 'abc123', true))).toBe(true);
    expect(text).toContain(`map $ferry_colour $ferry_upstream {
    default 127.0.0.1:1;
    blue demo-staging-blue:3000;
    green demo-staging-green:3000;
}
`);
  });

  it('with no release every request without a preview gets the 503', () => {
    const text = renderContainerUpstreamConf(null, upstreams, 'abc123', true);
    expect(text).not.toMatch(/^upstream /m);
    expect(text.split('\n').slice(0, 3)).toEqual(['# ferry-active none', 'map $http_x_ferry_preview $ferry_colour {', '    default none;']);
    expect(parseContainerUpstreamConf(text)).toBeNull();
  });

  it('the marker reads back as the target', () => {
    expect(parseContainerUpstreamConf(renderContainerUpstreamConf({ colour: 'blue', port: 8080, version: 'v1.2' }, upstreams, 'abc', true))).toEqual({
      colour: 'blue',
      port: 8080,
      version: 'v1.2',
    });
  });

  it('refuses what nginx would parse as more than a value', () => {
    expect(() => renderContainerUpstreamConf({ colour: 'blue', port: 1, version: 'v1;' }, upstreams, 'abc', true)).toThrow(ConfigError);
    expect(() => renderContainerUpstreamConf(null, upstreams, 'a"b', true)).toThrow(ConfigError);
    expect(() => renderContainerUpstreamConf(null, { ...upstreams, blue: { host: 'x y', port: 1 } }, 'abc', true)).toThrow(ConfigError);
  });
});
