// With router/tls, ferry's own requests to the router (health gate, traffic probe, monitor, switch
// confirmation) verify its certificate: the system's roots plus the configured certificate itself
// (a self-signed one is trusted because the user configured it; verification is never turned off).
import { checkServerIdentity, rootCertificates, type PeerCertificate } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { RequestOptions } from 'node:https';
import type { buildConnector } from 'undici';

export interface RouterTrust {
  ca: string[];
  servername?: string; // SNI, when the certificate names a host rather than the probed address
  checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined;
}

/**
 * The name the router's certificate must be valid for: the probed address when the certificate covers it,
 * else the certificate's first DNS name (ferry probes 127.0.0.1 while the certificate names example.com).
 */
export function routerTrust(certificatePem: string, probedHost: string): RouterTrust {
  const cert = new X509Certificate(certificatePem);
  const covered = cert.checkIP(probedHost) !== undefined || cert.checkHost(probedHost) !== undefined;
  const dnsName = /DNS:([^,\s]+)/.exec(cert.subjectAltName ?? '')?.[1];
  const name = covered || !dnsName ? probedHost : dnsName;
  return {
    ca: [...rootCertificates, certificatePem],
    ...(name !== probedHost && { servername: name }),
    checkServerIdentity: (_host, peer) => checkServerIdentity(name, peer),
  };
}

let trusted: { trust: RouterTrust; router: { host: string; port: number } } | null = null;

/**
 * Ferry's requests to the router's address (health gate, traffic probe, monitor: get-once.ts; the verify
 * suites: undici, loaded here only with router/tls) trust it as above; requests anywhere else (a webhook,
 * a registry) keep Node's defaults.
 */
export async function trustRouterForHttp(trust: RouterTrust, router: { host: string; port: number }): Promise<void> {
  trusted = { trust, router };
  const { Agent, buildConnector, setGlobalDispatcher } = await import('undici');
  const toRouter = buildConnector({ ca: trust.ca, checkServerIdentity: trust.checkServerIdentity, ...(trust.servername && { servername: trust.servername }) });
  const elsewhere = buildConnector({});
  const isRouter = (opts: buildConnector.Options) => opts.protocol === 'https:' && opts.hostname === router.host && Number(opts.port || 443) === router.port;
  setGlobalDispatcher(new Agent({ connect: (opts, callback) => (isRouter(opts) ? toRouter : elsewhere)(opts, callback) }));
}

/** node:https options for a request to `url`: the router's trust at the router's https address, else none (Node's defaults). */
export function tlsOptionsFor(url: URL): Pick<RequestOptions, 'ca' | 'servername' | 'checkServerIdentity'> {
  if (!trusted || url.protocol !== 'https:' || url.hostname !== trusted.router.host || Number(url.port || 443) !== trusted.router.port) return {};
  const { ca, servername, checkServerIdentity } = trusted.trust;
  return { ca, checkServerIdentity, ...(servername && { servername }) };
}
