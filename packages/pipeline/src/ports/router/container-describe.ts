// Pure descriptions of the router container and the environment's network (dockerode option
// objects), tested by exact equality; container-router.ts sends them.
import type Dockerode from 'dockerode';
import { LOG_CONFIG } from '../docker/describe.js';
import { LABEL } from '../docker/types.js';
import { publishedPorts } from './container-tls.js';

export const ROUTER_ROLE = 'router';
export const NGINX_IN_CONTAINER = '/usr/sbin/nginx'; // the same path in Ferry's image and the public ones

export interface RouterContainerSpec {
  app: string;
  env: string;
  image: string;
  listen: { host: string; port: number }; // published on the engine's host
  tls?: boolean; // router/tls: listen is HTTPS (container port 443)
  httpListen?: { host: string; port: number }; // router/http_listen, beside HTTPS
  previewListen?: { host: string; port: number }; // router/preview_listen: the staged colour's server
  previewToken: string;
  hostNetwork?: boolean; // apps on container/network host: the router joins the host's network namespace
  name?: string; // default <app>-<env>-router; a takeover stages a second router beside it
}

export function routerContainerName(scope: { app: string; env: string }): string {
  return `${scope.app}-${scope.env}-router`;
}

export function environmentNetworkName(scope: { app: string; env: string }): string {
  return `ferry-${scope.app}-${scope.env}`;
}

function environmentLabels(scope: { app: string; env: string }): Record<string, string> {
  return { [LABEL.app]: scope.app, [LABEL.env]: scope.env };
}

export function networkCreateOptions(scope: { app: string; env: string }): Dockerode.NetworkCreateOptions {
  return { Name: environmentNetworkName(scope), Driver: 'bridge', CheckDuplicate: true, Labels: environmentLabels(scope) };
}

/** The router's network: the environment's own, or the host's (it then listens on router/listen itself). */
export function routerNetworkMode(spec: { app: string; env: string; hostNetwork?: boolean }): string {
  return spec.hostNetwork ? 'host' : environmentNetworkName(spec);
}

export function routerCreateOptions(spec: RouterContainerSpec): Dockerode.ContainerCreateOptions {
  const common = {
    name: spec.name ?? routerContainerName(spec),
    Image: spec.image,
    Labels: { ...environmentLabels(spec), [LABEL.role]: ROUTER_ROLE, [LABEL.routerPreview]: spec.previewToken },
    // nginx's graceful shutdown, whatever the image says: `docker stop` lets in-flight requests finish
    StopSignal: 'SIGQUIT',
  };
  // back by itself after a crash, an OOM kill or an engine restart; only `docker stop` keeps it down
  const restart = { RestartPolicy: { Name: 'unless-stopped' }, LogConfig: LOG_CONFIG };
  // nothing to publish and no namespace of its own (no sysctl either): nginx binds router/listen on the host
  if (spec.hostNetwork) return { ...common, HostConfig: { ...restart, NetworkMode: 'host' } };
  const published = Object.entries(publishedPorts(spec));
  return {
    ...common,
    ExposedPorts: Object.fromEntries(published.map(([port]) => [port, {}])),
    HostConfig: {
      ...restart,
      NetworkMode: environmentNetworkName(spec),
      PortBindings: Object.fromEntries(published.map(([port, at]) => [port, [{ HostIp: at.host, HostPort: String(at.port) }]])),
      // what nginx resolves per request (previews, the by-name fallback, a router started without the
      // active colour's upstream block) gets a new connection per request; each leaves a TIME_WAIT socket
      // for 60 s, and past ~470 req/s the router's network namespace ran out of ports (measured with no
      // upstream keepalive: 12,452 in TIME_WAIT after 10 s). Reuse them.
      Sysctls: { 'net.ipv4.tcp_tw_reuse': '1' },
    },
  };
}

// -e stderr: a refused config's error (which quotes what nginx read) is trimmed by Ferry, never kept in the container's error log
export const nginxTestInContainer = (): string[] => [NGINX_IN_CONTAINER, '-e', 'stderr', '-t', '-q'];
/** The test of a side main conf (container-ahead.ts): the same, on that file. */
export const nginxTestOfInContainer = (mainConf: string): string[] => [...nginxTestInContainer(), '-c', mainConf];
export const nginxReloadInContainer = (): string[] => [NGINX_IN_CONTAINER, '-s', 'reload'];
