// `ferry config check` for the router container: `nginx -t` of the config Ferry would put into it, in a
// throwaway container of router/image (no network, removed at once), so a refused snippet is found
// before any deploy. What nginx says is trimmed (nginx-output.ts) before it is shown.
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import type { DockerEngine } from '../docker/docker-engine.js';
import type { FileToPut } from '../docker/archive.js';
import { LABEL } from '../docker/types.js';
import { ConfigError } from '../../errors.js';
import { CONTAINER_MAIN_CONF, CONTAINER_UPSTREAM_CONF, renderContainerUpstreamConf, type Upstream } from './container-config.js';
import { NGINX_IN_CONTAINER, nginxTestInContainer } from './container-describe.js';
import { CONTAINER_CONF_DIR, trimNginxOutput } from './nginx-output.js';
import { pollUntil } from './poll.js';

const CHECK_TIMEOUT_MS = 15_000;
const CONF_MODE = 0o644;

/** The throwaway container: router/image running only `nginx -e stderr -t -q`, on no network. */
export function configCheckCreateOptions(image: string, scope: { app: string; env: string }, suffix: string): Dockerode.ContainerCreateOptions {
  const [, ...args] = nginxTestInContainer();
  return {
    name: `${scope.app}-${scope.env}-router-check-${suffix}`,
    Image: image,
    Entrypoint: [NGINX_IN_CONTAINER], // public nginx images start a shell script first: nginx itself, nothing else
    Cmd: args,
    Labels: { [LABEL.app]: scope.app, [LABEL.env]: scope.env, [LABEL.role]: 'config-check' },
    HostConfig: { NetworkMode: 'none' },
  };
}

/** The files nginx -t reads: the main conf as given, and an upstream conf with no release yet (names need no resolving). */
export function configCheckFiles(mainConf: string, upstreams: Record<'blue' | 'green', Upstream>): FileToPut[] {
  return [
    { path: CONTAINER_MAIN_CONF, text: mainConf, mode: CONF_MODE },
    { path: CONTAINER_UPSTREAM_CONF, text: renderContainerUpstreamConf(null, [], upstreams, 'check'), mode: CONF_MODE },
  ];
}

/** Runs the check; its exit code (null: it did not end in time) and trimmed output. The container is always removed. */
export async function testInThrowaway(docker: DockerEngine, options: Dockerode.ContainerCreateOptions, files: FileToPut[]): Promise<{ code: number | null; output: string }> {
  const id = await docker.create(options);
  try {
    await docker.putFiles(id, files);
    await docker.startExisting(id);
    const ended = await pollUntil(async () => (await docker.inspectRaw(id))?.State.Running === false, CHECK_TIMEOUT_MS);
    const code = ended ? ((await docker.inspectRaw(id))?.State.ExitCode ?? null) : null;
    const out = new PassThrough();
    let said = '';
    out.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')));
    await docker.logs(id, { follow: false, out });
    return { code, output: trimNginxOutput(said, [CONTAINER_CONF_DIR]) };
  } finally {
    await docker.remove(id).catch(() => undefined);
  }
}

export const checkSuffix = () => randomBytes(4).toString('hex');

/** nginx -t of a main conf in a throwaway container of `image`; null when nginx takes it, else the refusal (exit 2: fix router/snippet). */
export async function snippetRefusal(
  docker: DockerEngine,
  image: string,
  scope: { app: string; env: string },
  mainConf: string,
  upstreams: Record<'blue' | 'green', Upstream>,
  tlsFiles: FileToPut[] = [], // router/tls: the certificate and key the main conf names (mode 0600, gone with the container)
): Promise<ConfigError | null> {
  const result = await testInThrowaway(docker, configCheckCreateOptions(image, scope, checkSuffix()), [...configCheckFiles(mainConf, upstreams), ...tlsFiles]);
  if (result.code === 0) return null;
  const ending = result.code === null ? 'did not finish in time' : `exited ${result.code}`;
  const keys = tlsFiles.length > 0 ? 'router/snippet and router/tls' : 'router/snippet';
  return new ConfigError(`${keys}: nginx rejected the config ferry would put into the router container (nginx -t in a throwaway container of ${image} ${ending}): ${result.output || '(no output)'}; fix ${keys}`);
}
