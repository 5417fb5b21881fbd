import { describe, expect, it } from 'vitest';
import { renderContainerMainConf } from './container-config.js';
import { routerCreateOptions } from './container-describe.js';
import { liveColourLines } from './container-live.js';
import { listenAt, publishedPorts } from './container-tls.js';
import { proxyDirectives } from './nginx-config.js';

const base = { app: 'demo', env: 'production', drainMs: 10_000 };
const upstreams = { blue: { host: 'demo-production-blue', port: 3000 }, green: { host: 'demo-production-green', port: 3000 } };
const previewListen = { host: '127.0.0.1', port: 8081 };

// the live link's lines and the proxy directives are spelled out in container-config.test.ts and nginx-config.test.ts
const PREVIEW_SERVER = `
    # router/preview_listen: every request goes to the colour that does not serve (a staged release: ferry promote switches to it)
    server {
        listen 81;

${liveColourLines()}
        set $ferry_staged green;
        set $ferry_staged_at demo-production-green:3000;
        if ($ferry_live = green) {
            set $ferry_staged blue;
            set $ferry_staged_at demo-production-blue:3000;
        }

        location / {
            add_header X-Ferry-Colour $ferry_staged always;
            add_header X-Ferry-Upstream $upstream_addr always;
${proxyDirectives('http://$ferry_staged_at')}
        }
    }
`;

describe('router.preview_listen in the router container', () => {
  it('adds a server on container port 81 that proxies every request to the colour the live link does not serve', () => {
    const plain = renderContainerMainConf({ ...base, upstreams });
    expect(plain).not.toContain('preview_listen'); // without the key: exactly the config of before
    expect(renderContainerMainConf({ ...base, upstreams, previewListen })).toBe(`${plain.slice(0, -2)}${PREVIEW_SERVER}}\n`);
  });

  it('is published on router/preview_listen beside listen (and http_listen); on the host network nginx listens there itself', () => {
    expect(publishedPorts({ listen: { host: '127.0.0.1', port: 8080 }, previewListen })).toEqual({ '80/tcp': { host: '127.0.0.1', port: 8080 }, '81/tcp': previewListen });
    expect(publishedPorts({ listen: { host: '0.0.0.0', port: 443 }, tls: true, httpListen: { host: '0.0.0.0', port: 80 }, previewListen })).toEqual({
      '443/tcp': { host: '0.0.0.0', port: 443 },
      '80/tcp': { host: '0.0.0.0', port: 80 },
      '81/tcp': previewListen,
    });
    const options = routerCreateOptions({ ...base, image: 'nginx:1.27-alpine', listen: { host: '127.0.0.1', port: 8080 }, previewListen, previewToken: 't0k' });
    expect(options.ExposedPorts).toEqual({ '80/tcp': {}, '81/tcp': {} });
    expect(options.HostConfig?.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '8081' }] });
    const onHost = { listen: { host: '127.0.0.1', port: 8080 }, previewListen, hostNetwork: true };
    expect(publishedPorts(onHost)).toEqual({});
    expect(listenAt(onHost)).toEqual({ main: '127.0.0.1:8080', plain: '', preview: '127.0.0.1:8081' });
    expect(renderContainerMainConf({ ...base, upstreams, previewListen, listenAt: listenAt(onHost) })).toContain('    server {\n        listen 127.0.0.1:8081;\n\n');
  });

  it('with router/tls the preview server speaks HTTPS with the same certificate', () => {
    const conf = renderContainerMainConf({ ...base, upstreams, previewListen, tls: { publicPort: 443, plain: 'none' } });
    expect(conf).toContain('    server {\n        listen 81 ssl http2;\n        ssl_certificate /etc/nginx/ferry-tls/certificate.pem;\n');
  });
});
