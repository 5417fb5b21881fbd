import { describe, expect, it } from 'vitest';
import { ConfigError, FerryError } from '../../errors.js';
import { listenOf, parseUpstreamConf, renderMainConf, renderUpstreamConf } from './nginx-config.js';

const base = {
  dir: '/var/lib/ferry/demo-staging/router',
  tmpDir: '/var/cache/ferry/router/demo-staging-4374c3e6809d',
  listen: { host: '127.0.0.1', port: 8080 },
  drainMs: 10_000,
  app: 'demo',
  env: 'staging',
};

describe('renderMainConf', () => {
  it('renders the whole config without a snippet', () => {
    expect(renderMainConf(base)).toMatchInlineSnapshot(`
      "# Written by ferry for app demo, environment staging. Ferry rewrites this file: do not edit.
      daemon on;
      pid /var/lib/ferry/demo-staging/router/nginx.pid;
      error_log /var/lib/ferry/demo-staging/router/error.log;
      # one worker per core: a single worker held the router to ~60 % of the app's own throughput
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
          # buffered: one write per 32k or per second, not one per request
          access_log /var/lib/ferry/demo-staging/router/access.log ferry buffer=32k flush=1s;

          # written by the workers, so in a directory they can reach
          client_body_temp_path /var/cache/ferry/router/demo-staging-4374c3e6809d/client_body;
          proxy_temp_path /var/cache/ferry/router/demo-staging-4374c3e6809d/proxy;
          fastcgi_temp_path /var/cache/ferry/router/demo-staging-4374c3e6809d/fastcgi;
          uwsgi_temp_path /var/cache/ferry/router/demo-staging-4374c3e6809d/uwsgi;
          scgi_temp_path /var/cache/ferry/router/demo-staging-4374c3e6809d/scgi;

          # defines upstream ferry_backend and $ferry_colour; swapped atomically on every switch
          include /var/lib/ferry/demo-staging/router/upstream.conf;

          server {
              listen 127.0.0.1:8080;

              location / {
                  # add_header inside a location disables inheritance, so both headers live here
                  add_header X-Ferry-Colour $ferry_colour always;
                  add_header X-Ferry-Upstream $upstream_addr always;
                  if ($ferry_colour = none) {
                      return 503 "no active release\\n";
                  }
                  proxy_pass http://ferry_backend;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                  proxy_set_header X-Real-IP $remote_addr;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  proxy_connect_timeout 500ms;
              }
          }
      }
      "
    `);
  });

  it('places the snippet, indented, at the end of the server block', () => {
    const text = renderMainConf({ ...base, snippet: 'location /healthz {\n  return 200 "ok";\n}\n' });
    const placed = [
      '            proxy_connect_timeout 500ms;',
      '        }',
      '',
      '        # router/snippet',
      '        location /healthz {',
      '          return 200 "ok";',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n');
    const without = renderMainConf(base);
    expect(text).toEqual(without.slice(0, without.lastIndexOf('            proxy_connect_timeout 500ms;')) + placed);
  });

  it('rounds the drain up to whole seconds, at least 1s', () => {
    expect(renderMainConf({ ...base, drainMs: 1500 })).toContain('worker_shutdown_timeout 2s;');
    expect(renderMainConf({ ...base, drainMs: 0 })).toContain('worker_shutdown_timeout 1s;');
  });

  it('brackets an IPv6 listen host', () => {
    expect(renderMainConf({ ...base, listen: { host: '::1', port: 8080 } })).toContain('listen [::1]:8080;');
  });

  it('refuses a state dir nginx would misread', () => {
    expect(() => renderMainConf({ ...base, dir: '/tmp/my state/router' })).toThrow(ConfigError);
    expect(() => renderMainConf({ ...base, dir: 'relative/router' })).toThrow(/state_dir: "relative\/router" cannot be used in an nginx config; use an absolute path/);
    expect(() => renderMainConf({ ...base, tmpDir: '/tmp/my state/router/tmp' })).toThrow(ConfigError);
  });
});

describe('listenOf', () => {
  it('reads the listen address back from a rendered config, snippet or not', () => {
    expect(listenOf(renderMainConf(base))).toBe('127.0.0.1:8080');
    expect(listenOf(renderMainConf({ ...base, listen: { host: '::1', port: 9090 }, snippet: 'location /x { return 204; }' }))).toBe('[::1]:9090');
    expect(listenOf('events {}\n')).toBeNull();
  });
});

describe('renderUpstreamConf', () => {
  it('renders an active target', () => {
    expect(renderUpstreamConf({ colour: 'green', port: 18082, version: 'v2' })).toEqual(
      [
        '# ferry-active colour=green port=18082 version=v2',
        'map "" $ferry_colour { default green; }',
        'upstream ferry_backend {',
        '    server 127.0.0.1:18082;',
        "    # idle connections kept open per worker: more than a busy client's concurrent requests, so none is reopened",
        '    keepalive 32;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('renders no target as a backend that is never used (the location answers 503)', () => {
    expect(renderUpstreamConf(null)).toEqual(
      [
        '# ferry-active none',
        'map "" $ferry_colour { default none; }',
        'upstream ferry_backend {',
        '    # never used: the location answers 503 "no active release" while $ferry_colour is none',
        '    server 127.0.0.1:1 down;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('refuses a version that would break the marker line', () => {
    expect(() => renderUpstreamConf({ colour: 'blue', port: 18081, version: 'v1 x' })).toThrow(ConfigError);
  });
});

describe('parseUpstreamConf', () => {
  it('round-trips a target and none', () => {
    const target = { colour: 'blue' as const, port: 18081, version: '1.4.0-rc.1' };
    expect(parseUpstreamConf(renderUpstreamConf(target))).toEqual(target);
    expect(parseUpstreamConf(renderUpstreamConf(null))).toBeNull();
  });

  it('rejects a file that is not ferry-written, naming the expected marker', () => {
    expect(() => parseUpstreamConf('upstream x {}\n')).toThrow(FerryError);
    expect(() => parseUpstreamConf('# ferry-active colour=red port=1 version=v\n')).toThrow(/ferry-active colour=<blue\|green>/);
    expect(() => parseUpstreamConf('# ferry-active colour=blue port=70000 version=v\n')).toThrow(FerryError);
  });
});
