// Pure descriptions of Docker work (dockerode option objects), kept apart from the code that
// sends them so they can be tested by exact equality.
import type Dockerode from 'dockerode';
import type { Colour } from '../../config/types.js';
import { LABEL, type BuildRequest, type ContainerSpec, type FerryContainer, type HealthState, type OneOffSpec } from './types.js';

// Bounded so a chatty app cannot fill the disk.
export const LOG_CONFIG = { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } };
const LOOPBACK = '127.0.0.1';

function sortedEnv(env: Record<string, string>): string[] {
  return Object.keys(env)
    .sort()
    .map((key) => `${key}=${env[key]}`);
}

// By ID, the tag can be moved mid-deploy without changing what runs; the label keeps the tag readable.
function pinnedImage(spec: { image: string; imageId?: string | null }): string {
  return spec.imageId ?? spec.image;
}

function pinnedLabels(spec: { image: string; imageId?: string | null; labels: Record<string, string> }): Record<string, string> {
  return spec.imageId ? { ...spec.labels, [LABEL.image]: spec.image } : { ...spec.labels };
}

export function containerCreateOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  const base = { name: spec.name, Image: pinnedImage(spec), Labels: pinnedLabels(spec) };
  // Init: as PID 1 the app would ignore SIGTERM until it installs a handler; docker-init forwards it.
  const hostConfig = { Init: true, RestartPolicy: { Name: 'unless-stopped' }, LogConfig: LOG_CONFIG };
  if (spec.network === 'host') {
    // No port mapping on the host network: the app itself must listen on the host port, loopback only.
    return {
      ...base,
      Env: sortedEnv({ ...spec.env, PORT: String(spec.hostPort), HOST: LOOPBACK }),
      HostConfig: { ...hostConfig, NetworkMode: 'host' },
    };
  }
  if (spec.attachTo) {
    // The router container reaches it by name on the environment's network: no host port at all.
    const aliases = spec.aliases?.length ? { NetworkingConfig: { EndpointsConfig: { [spec.attachTo]: { Aliases: [...spec.aliases] } } } } : {};
    return { ...base, Env: sortedEnv(spec.env), HostConfig: { ...hostConfig, NetworkMode: spec.attachTo }, ...aliases };
  }
  const port = `${spec.containerPort}/tcp`;
  return {
    ...base,
    Env: sortedEnv(spec.env),
    ExposedPorts: { [port]: {} },
    HostConfig: {
      ...hostConfig,
      NetworkMode: 'bridge',
      PortBindings: { [port]: [{ HostIp: LOOPBACK, HostPort: String(spec.hostPort) }] },
    },
  };
}

/** A throwaway container: no restart, no published ports; its output is read through attach. */
export function oneOffCreateOptions(spec: OneOffSpec): Dockerode.ContainerCreateOptions {
  return {
    name: spec.name,
    Image: pinnedImage(spec),
    Cmd: [...spec.cmd],
    Env: sortedEnv(spec.env),
    Labels: pinnedLabels(spec),
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: { Init: true, NetworkMode: spec.network, LogConfig: LOG_CONFIG },
  };
}

export function buildOptions(req: BuildRequest): Dockerode.ImageBuildOptions {
  return {
    t: req.tag,
    dockerfile: req.dockerfile,
    buildargs: { ...req.args },
    labels: { ...(req.labels ?? {}) },
    rm: true,
    forcerm: true,
  };
}

/** Every container Ferry manages on the engine, of any app and environment. */
export function managedFilter(): { label: string[] } {
  return { label: [LABEL.app] };
}

export function labelFilter(filter: { app: string; env: string; colour?: Colour }): { label: string[] } {
  const label = [`${LABEL.app}=${filter.app}`, `${LABEL.env}=${filter.env}`];
  if (filter.colour) label.push(`${LABEL.colour}=${filter.colour}`);
  return { label };
}

/** The one-off label value naming whose release a throwaway container ran for. */
export function oneOffTarget(target: { app: string; env: string; tag: string }): string {
  return `${target.app}/${target.env}/${target.tag}`;
}

/** Whether a container's labels mark it as a one-off of this environment (any tag). */
export function isOneOffOf(labels: Record<string, string> | null | undefined, filter: { app: string; env: string }): boolean {
  return labels?.[LABEL.oneOffTarget]?.startsWith(`${filter.app}/${filter.env}/`) ?? false;
}

/** `docker ps` only has the health in its status text, e.g. "Up 5 seconds (health: starting)". */
export function healthFromStatusText(status: string): HealthState {
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return 'none';
}

function healthFromInspect(status: string | undefined): HealthState {
  return status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : 'none';
}

function isInspect(data: Dockerode.ContainerInfo | Dockerode.ContainerInspectInfo): data is Dockerode.ContainerInspectInfo {
  return typeof (data as Dockerode.ContainerInspectInfo).State === 'object';
}

/** Maps either `docker ps` (list) or `docker inspect` data onto Ferry's view of a container. */
export function toFerryContainer(data: Dockerode.ContainerInfo | Dockerode.ContainerInspectInfo): FerryContainer {
  const fromLabels = (labels: Record<string, string> | null | undefined) => ({
    app: labels?.[LABEL.app] ?? '',
    env: labels?.[LABEL.env] ?? '',
    colour: (labels?.[LABEL.colour] ?? '') as Colour,
    version: labels?.[LABEL.version] ?? '',
  });
  if (isInspect(data)) {
    return {
      id: data.Id,
      name: data.Name.replace(/^\//, ''),
      ...fromLabels(data.Config.Labels),
      image: data.Config.Labels?.[LABEL.image] ?? data.Config.Image,
      imageId: data.Image,
      state: data.State.Status,
      health: healthFromInspect(data.State.Health?.Status),
      createdAt: new Date(data.Created).toISOString(),
      addresses: addressesOf(data.NetworkSettings?.Networks),
    };
  }
  return {
    id: data.Id,
    name: (data.Names[0] ?? '').replace(/^\//, ''),
    ...fromLabels(data.Labels),
    image: data.Labels?.[LABEL.image] ?? data.Image,
    imageId: data.ImageID,
    state: data.State,
    health: healthFromStatusText(data.Status),
    createdAt: new Date(data.Created * 1000).toISOString(),
    addresses: addressesOf(data.NetworkSettings?.Networks),
  };
}

/** The container's IPs, one per network that gave it one: how the router's X-Ferry-Upstream names it. */
function addressesOf(networks: Record<string, { IPAddress?: string }> | undefined): string[] {
  return Object.values(networks ?? {}).flatMap((network) => (network.IPAddress ? [network.IPAddress] : []));
}

/** Epoch ms as the engine reads a logs `since`: seconds, a dot, nine digits of nanoseconds (what `docker logs --since` sends). */
export const engineTimestamp = (ms: number): string => `${Math.floor(ms / 1000)}.${String(Math.round(ms % 1000) * 1_000_000).padStart(9, '0')}`;
