import { describe, expect, it } from 'vitest';
import { containerProxyLocation, renderContainerMainConf } from './container-config.js';
import { routerCreateOptions } from './container-describe.js';
import { listenAt, plainHttpServer, publishedPorts } from './container-tls.js';

const base = { app: 'demo', env: 'production', drainMs: 10_000 };

describe('router.tls in the router container', () => {
  it('renders HTTPS with HTTP/2 on the main server and http_listen redirecting to the same host and path', () => {
    // the plain config, spelled out in container-config.test.ts, with exactly these two differences
    const plain = renderContainerMainConf(base);
    expect(plain).toContain('        listen 80;\n');
    expect(plain.endsWith('    }\n}\n')).toBe(true);
    const https = `        listen 443 ssl http2;
        ssl_certificate /etc/nginx/ferry-tls/certificate.pem;
        ssl_certificate_key /etc/nginx/ferry-tls/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        # resumed sessions skip the handshake's key exchange
        ssl_session_cache shared:ferry_tls:10m;
        ssl_session_timeout 1h;
`;
    const redirect = `
    # router/http_listen
    server {
        listen 80;

        return 308 https://$host$request_uri;
    }
`;
    const expected = `${plain.replace('        listen 80;\n', https).slice(0, -2)}${redirect}}\n`;
    expect(renderContainerMainConf({ ...base, tls: { publicPort: 443, plain: 'redirect' } })).toBe(expected);
  });

  it('a redirect names the HTTPS port unless it is 443; without redirect_http the plain server proxies', () => {
    expect(plainHttpServer({ publicPort: 8443, plain: 'redirect' }, containerProxyLocation())).toContain('        return 308 https://$host:8443$request_uri;\n');
    const proxying = plainHttpServer({ publicPort: 8443, plain: 'proxy' }, containerProxyLocation());
    expect(proxying).toContain('            proxy_pass http://$ferry_upstream;\n');
    expect(proxying).toContain('            proxy_pass http://$ferry_by_name;\n'); // the same fallback as the main server
    expect(proxying).not.toContain('return 308');
    expect(plainHttpServer({ publicPort: 443, plain: 'none' }, containerProxyLocation())).toBe('');
    expect(plainHttpServer(undefined, containerProxyLocation())).toBe('');
  });

  it('publishes 443 on router.listen and 80 on router.http_listen', () => {
    const options = routerCreateOptions({
      app: 'demo',
      env: 'production',
      image: 'nginx:1.27-alpine',
      listen: { host: '0.0.0.0', port: 443 },
      tls: true,
      httpListen: { host: '0.0.0.0', port: 80 },
      previewToken: 'abc',
    });
    expect(options.ExposedPorts).toEqual({ '443/tcp': {}, '80/tcp': {} });
    expect(options.HostConfig?.PortBindings).toEqual({ '443/tcp': [{ HostIp: '0.0.0.0', HostPort: '443' }], '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '80' }] });
  });

  it('on the host network (apps on container/network host) nginx listens on router/listen and http_listen themselves, nothing is published', () => {
    const spec = { listen: { host: '127.0.0.1', port: 8443 }, tls: true, httpListen: { host: '0.0.0.0', port: 8080 }, hostNetwork: true };
    expect(listenAt(spec)).toEqual({ main: '127.0.0.1:8443', plain: '0.0.0.0:8080', preview: '' });
    expect(publishedPorts(spec)).toEqual({});
    expect(listenAt({ ...spec, hostNetwork: false })).toEqual({ main: '443', plain: '80', preview: '81' });
    // only the listen lines differ from the bridge config
    const bridged = renderContainerMainConf({ ...base, tls: { publicPort: 8443, plain: 'redirect' } });
    const onHost = renderContainerMainConf({ ...base, tls: { publicPort: 8443, plain: 'redirect' }, listenAt: listenAt(spec) });
    expect(onHost).toBe(bridged.replace('        listen 443 ssl http2;\n', '        listen 127.0.0.1:8443 ssl http2;\n').replace('        listen 80;\n', '        listen 0.0.0.0:8080;\n'));
    const plain = renderContainerMainConf({ ...base, listenAt: listenAt({ listen: { host: '127.0.0.1', port: 8080 }, hostNetwork: true }) });
    expect(plain).toBe(renderContainerMainConf(base).replace('        listen 80;\n', '        listen 127.0.0.1:8080;\n'));
  });
});
