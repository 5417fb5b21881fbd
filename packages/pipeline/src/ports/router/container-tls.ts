// router/tls in the router container: the HTTPS listener (HTTP/2), where the PEM lives inside the
// container, and the plain-HTTP server of router/http_listen (a redirect to HTTPS, or the same proxy).
import { hostPort } from './nginx-config.js';

export const CONTAINER_TLS_PORT = 443;
export const CONTAINER_PLAIN_PORT = 80;
export const CONTAINER_PREVIEW_PORT = 81; // router/preview_listen's server (container-preview.ts)
export const CONTAINER_CERTIFICATE = '/etc/nginx/ferry-tls/certificate.pem';
export const CONTAINER_KEY = '/etc/nginx/ferry-tls/key.pem';
// the key is a secret: readable by the container's root (nginx's master reads it) and nobody else
export const TLS_FILE_MODE = 0o600;

/** What the rendered config needs to know about TLS (the PEM itself never goes into the config text). */
export interface TlsSite {
  publicPort: number; // router/listen's port: where a redirect sends the browser
  plain: 'none' | 'redirect' | 'proxy'; // router/http_listen absent, with redirect_http, or without
}

/** The site router/tls describes: HTTPS on router/listen; router/http_listen absent, redirecting, or proxying. */
export function tlsSite(spec: { listen: Address; httpListen?: Address; redirectHttp?: boolean }): TlsSite {
  return { publicPort: spec.listen.port, plain: !spec.httpListen ? 'none' : spec.redirectHttp ? 'redirect' : 'proxy' };
}

/** Where nginx listens in the router container: the main server (plain or HTTPS) and router/http_listen's server. */
export interface ListenAt {
  main: string;
  plain: string;
  preview: string; // router/preview_listen's server
}

/**
 * The container's own ports 80/443, which the engine publishes on router/listen (the environment's network);
 * or, in the host's network namespace (apps on container/network host), router/listen and http_listen themselves.
 */
export function listenAt(spec: { listen: Address; tls?: boolean; httpListen?: Address; previewListen?: Address; hostNetwork?: boolean }): ListenAt {
  if (!spec.hostNetwork) return containerPorts(spec.tls);
  return { main: hostPort(spec.listen), plain: spec.httpListen ? hostPort(spec.httpListen) : '', preview: spec.previewListen ? hostPort(spec.previewListen) : '' };
}

export function containerPorts(tls?: boolean): ListenAt {
  return { main: String(tls ? CONTAINER_TLS_PORT : CONTAINER_PLAIN_PORT), plain: String(CONTAINER_PLAIN_PORT), preview: String(CONTAINER_PREVIEW_PORT) };
}

/** The main server's listen lines: plain HTTP, or HTTPS with HTTP/2 offered by ALPN. */
export function listenLines(tls: TlsSite | undefined, at: string): string {
  if (!tls) return `        listen ${at};`;
  return `        listen ${at} ssl http2;
        ssl_certificate ${CONTAINER_CERTIFICATE};
        ssl_certificate_key ${CONTAINER_KEY};
        ssl_protocols TLSv1.2 TLSv1.3;
        # resumed sessions skip the handshake's key exchange
        ssl_session_cache shared:ferry_tls:10m;
        ssl_session_timeout 1h;`;
}

/** The server of router/http_listen, or nothing: a redirect to the same host and path over HTTPS (308 keeps the method), or `proxy`. */
export function plainHttpServer(tls: TlsSite | undefined, proxy: string, at = String(CONTAINER_PLAIN_PORT)): string {
  if (!tls || tls.plain === 'none') return '';
  const port = tls.publicPort === 443 ? '' : `:${tls.publicPort}`;
  const body = tls.plain === 'redirect' ? `        return 308 https://$host${port}$request_uri;` : proxy;
  return `
    # router/http_listen
    server {
        listen ${at};

${body}
    }
`;
}

type Address = { host: string; port: number };

/** Container port → the engine host's address it is published on: 80 alone, or 443 and (with router/http_listen) 80; 81 with router/preview_listen; none on the host's network. */
export function publishedPorts(spec: { listen: Address; tls?: boolean; httpListen?: Address; previewListen?: Address; hostNetwork?: boolean }): Record<string, Address> {
  if (spec.hostNetwork) return {};
  const preview = spec.previewListen && { [`${CONTAINER_PREVIEW_PORT}/tcp`]: spec.previewListen };
  if (!spec.tls) return { [`${CONTAINER_PLAIN_PORT}/tcp`]: spec.listen, ...preview };
  return { [`${CONTAINER_TLS_PORT}/tcp`]: spec.listen, ...(spec.httpListen && { [`${CONTAINER_PLAIN_PORT}/tcp`]: spec.httpListen }), ...preview };
}
