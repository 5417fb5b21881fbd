import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { buildOptions, containerCreateOptions, engineTimestamp, healthFromStatusText, isOneOffOf, labelFilter, managedFilter, oneOffCreateOptions, oneOffTarget, toFerryContainer } from './describe.js';
import type { ContainerSpec } from './types.js';

const spec: ContainerSpec = {
  name: 'demo-staging-green',
  image: 'demo:v2',
  env: { GREETING: 'hi', FERRY_VERSION: 'v2', PORT: '3000', FERRY_COLOUR: 'green' },
  labels: { 'ferry.app': 'demo', 'ferry.env': 'staging', 'ferry.colour': 'green', 'ferry.version': 'v2' },
  network: 'bridge',
  containerPort: 3000,
  hostPort: 18081,
};
const labels = spec.labels;
const logConfig = { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } };

// The mapped container both list and inspect data describe; each test sets health and time.
const GREEN_V2 = {
  id: 'c0ffee',
  name: 'demo-staging-green',
  app: 'demo',
  env: 'staging',
  colour: 'green',
  version: 'v2',
  image: 'demo:v2',
  imageId: 'sha256:abc',
  state: 'running',
} as const;

describe('oneOffCreateOptions', () => {
  it('runs the argv without a shell, env sorted, no restart policy and no ports, on the given network', () => {
    const oneOff = { name: 'demo-staging-migrate-r1', image: 'demo:v2', cmd: ['node', 'migrate.js', 'up'], env: { Z: '1', DATABASE_URL: 'x' }, labels: { 'ferry.app': 'demo' }, network: 'host' as const };
    expect(oneOffCreateOptions(oneOff)).toEqual({
      name: 'demo-staging-migrate-r1',
      Image: 'demo:v2',
      Cmd: ['node', 'migrate.js', 'up'],
      Env: ['DATABASE_URL=x', 'Z=1'],
      Labels: { 'ferry.app': 'demo' },
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      HostConfig: { Init: true, NetworkMode: 'host', LogConfig: logConfig },
    });
  });

  it('pinned: the migration runs the image ID, the tag stays in a label', () => {
    const pinned = `sha256:${'c'.repeat(64)}`;
    const oneOff = { name: 'demo-staging-migrate-r1', image: 'demo:v2', imageId: pinned, cmd: ['migrate'], env: {}, labels: { 'ferry.one-off': 'migrate' }, network: 'bridge' as const };
    expect(oneOffCreateOptions(oneOff)).toEqual({
      name: 'demo-staging-migrate-r1',
      Image: pinned,
      Cmd: ['migrate'],
      Env: [],
      Labels: { 'ferry.one-off': 'migrate', 'ferry.image': 'demo:v2' },
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      HostConfig: { Init: true, NetworkMode: 'bridge', LogConfig: logConfig },
    });
  });
});

// The bridge container's create options for `spec`, unpinned.
const BRIDGE_CREATE = {
  name: 'demo-staging-green',
  Image: 'demo:v2',
  Labels: labels,
  Env: ['FERRY_COLOUR=green', 'FERRY_VERSION=v2', 'GREETING=hi', 'PORT=3000'],
  ExposedPorts: { '3000/tcp': {} },
  HostConfig: {
    Init: true,
    RestartPolicy: { Name: 'unless-stopped' },
    LogConfig: logConfig,
    NetworkMode: 'bridge',
    PortBindings: { '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '18081' }] },
  },
};

describe('containerCreateOptions', () => {
  it('pinned: creates from the image ID and keeps the tag in a label', () => {
    const pinned = `sha256:${'b'.repeat(64)}`;
    expect(containerCreateOptions({ ...spec, imageId: pinned })).toEqual({ ...BRIDGE_CREATE, Image: pinned, Labels: { ...labels, 'ferry.image': 'demo:v2' } });
  });

  it('bridge: publishes the container port on 127.0.0.1 only, env sorted by key', () => {
    expect(containerCreateOptions(spec)).toEqual(BRIDGE_CREATE);
  });

  it('host: no port mapping; the app is told PORT=<hostPort> and HOST=127.0.0.1', () => {
    expect(containerCreateOptions({ ...spec, network: 'host' })).toEqual({
      name: 'demo-staging-green',
      Image: 'demo:v2',
      Labels: labels,
      Env: ['FERRY_COLOUR=green', 'FERRY_VERSION=v2', 'GREETING=hi', 'HOST=127.0.0.1', 'PORT=18081'],
      HostConfig: { Init: true, RestartPolicy: { Name: 'unless-stopped' }, LogConfig: logConfig, NetworkMode: 'host' },
    });
  });

  it("attached to the environment's network: no port published, restarts by itself like any colour", () => {
    expect(containerCreateOptions({ ...spec, attachTo: 'ferry-demo-staging' })).toEqual({
      name: 'demo-staging-green',
      Image: 'demo:v2',
      Labels: labels,
      Env: ['FERRY_COLOUR=green', 'FERRY_VERSION=v2', 'GREETING=hi', 'PORT=3000'],
      HostConfig: { Init: true, RestartPolicy: { Name: 'unless-stopped' }, LogConfig: logConfig, NetworkMode: 'ferry-demo-staging' },
    });
  });

  it('a replica answers to its aliases on that network too', () => {
    expect(containerCreateOptions({ ...spec, name: 'demo-staging-green-2', attachTo: 'ferry-demo-staging', aliases: ['demo-staging-green'] })).toEqual({
      name: 'demo-staging-green-2',
      Image: 'demo:v2',
      Labels: labels,
      Env: ['FERRY_COLOUR=green', 'FERRY_VERSION=v2', 'GREETING=hi', 'PORT=3000'],
      HostConfig: { Init: true, RestartPolicy: { Name: 'unless-stopped' }, LogConfig: logConfig, NetworkMode: 'ferry-demo-staging' },
      NetworkingConfig: { EndpointsConfig: { 'ferry-demo-staging': { Aliases: ['demo-staging-green'] } } },
    });
  });
});

describe('buildOptions', () => {
  it('maps a build request onto /build query options', () => {
    expect(
      buildOptions({
        context: '/src/app',
        dockerfile: 'docker/Dockerfile',
        args: { BASE_IMAGE: 'ferry/node-base:local' },
        tag: 'demo:v2',
        labels: { 'ferry.version': 'v2' },
      }),
    ).toEqual({
      t: 'demo:v2',
      dockerfile: 'docker/Dockerfile',
      buildargs: { BASE_IMAGE: 'ferry/node-base:local' },
      labels: { 'ferry.version': 'v2' },
      rm: true,
      forcerm: true,
    });
  });

  it('sends empty labels when none are given', () => {
    expect(buildOptions({ context: '/c', dockerfile: 'Dockerfile', args: {}, tag: 'x:1' })).toEqual({
      t: 'x:1',
      dockerfile: 'Dockerfile',
      buildargs: {},
      labels: {},
      rm: true,
      forcerm: true,
    });
  });
});

describe('labelFilter', () => {
  it('filters by app and env', () => {
    expect(labelFilter({ app: 'demo', env: 'staging' })).toEqual({ label: ['ferry.app=demo', 'ferry.env=staging'] });
  });
  it('adds the colour when given', () => {
    expect(labelFilter({ app: 'demo', env: 'staging', colour: 'blue' })).toEqual({
      label: ['ferry.app=demo', 'ferry.env=staging', 'ferry.colour=blue'],
    });
  });
});

describe('managedFilter', () => {
  it('matches every container carrying the ferry.app label, whatever its value', () => {
    expect(managedFilter()).toEqual({ label: ['ferry.app'] });
  });
});

describe('one-off labels', () => {
  it('name the app, environment and tag, and match only that environment', () => {
    const value = oneOffTarget({ app: 'demo', env: 'staging', tag: 'v2' });
    expect(value).toBe('demo/staging/v2');
    expect(isOneOffOf({ 'ferry.one-off.target': value }, { app: 'demo', env: 'staging' })).toBe(true);
    expect(isOneOffOf({ 'ferry.one-off.target': value }, { app: 'demo', env: 'stag' })).toBe(false);
    expect(isOneOffOf({ 'ferry.one-off.target': 'demo/staging-2/v2' }, { app: 'demo', env: 'staging' })).toBe(false);
    expect(isOneOffOf({ 'ferry.app': 'demo', 'ferry.env': 'staging' }, { app: 'demo', env: 'staging' })).toBe(false);
    expect(isOneOffOf(null, { app: 'demo', env: 'staging' })).toBe(false);
  });
});

describe('healthFromStatusText', () => {
  it.each([
    ['Up 5 seconds (healthy)', 'healthy'],
    ['Up 2 seconds (health: starting)', 'starting'],
    ['Up 30 seconds (unhealthy)', 'unhealthy'],
    ['Up 3 minutes', 'none'],
    ['Exited (0) 4 seconds ago', 'none'],
  ])('%s → %s', (status, health) => {
    expect(healthFromStatusText(status)).toBe(health);
  });
});

describe('toFerryContainer', () => {
  it('maps `docker ps` list data', () => {
    const info = {
      Id: 'c0ffee',
      Names: ['/demo-staging-green'],
      Image: 'demo:v2',
      ImageID: 'sha256:abc',
      Command: 'node server.js',
      Created: 1764000000,
      Ports: [],
      Labels: labels,
      State: 'running',
      Status: 'Up 5 seconds (health: starting)',
      HostConfig: { NetworkMode: 'bridge' },
      NetworkSettings: { Networks: { 'ferry-demo-staging': { IPAddress: '172.18.0.3' } as Dockerode.NetworkInfo } },
      Mounts: [],
    } satisfies Dockerode.ContainerInfo;
    expect(toFerryContainer(info)).toEqual({ ...GREEN_V2, health: 'starting', createdAt: '2025-11-24T16:00:00.000Z', addresses: ['172.18.0.3'] });
  });

  it('maps `docker inspect` data, with and without a HEALTHCHECK', () => {
    const inspect = {
      Id: 'c0ffee',
      Name: '/demo-staging-green',
      Created: '2025-11-24T16:00:00.123456789Z',
      Image: 'sha256:abc',
      Config: { Image: 'demo:v2', Labels: labels },
      State: { Status: 'running', Running: true, Health: { Status: 'healthy', FailingStreak: 0, Log: [] } },
    } as unknown as Dockerode.ContainerInspectInfo;
    const expected = { ...GREEN_V2, health: 'healthy', createdAt: '2025-11-24T16:00:00.123Z', addresses: [] };
    expect(toFerryContainer(inspect)).toEqual(expected);

    // a container pinned by ID: the engine reports the ID as its image, the label names the tag
    const pinned = { ...inspect, Config: { Image: 'sha256:abc', Labels: { ...labels, 'ferry.image': 'demo:v2' } } } as unknown as Dockerode.ContainerInspectInfo;
    expect(toFerryContainer(pinned).image).toBe('demo:v2');

    const noHealth = { ...inspect, State: { Status: 'exited', Running: false } } as unknown as Dockerode.ContainerInspectInfo;
    expect(toFerryContainer(noHealth)).toEqual({ ...expected, state: 'exited', health: 'none' });
  });
});

describe('engineTimestamp', () => {
  it('writes epoch ms as seconds and nine digits of nanoseconds, as the engine parses a logs since', () => {
    expect(engineTimestamp(1_796_202_611_250)).toBe('1796202611.250000000');
    expect(engineTimestamp(1_796_202_611_007)).toBe('1796202611.007000000');
    expect(engineTimestamp(1_796_202_611_000)).toBe('1796202611.000000000');
  });
});
