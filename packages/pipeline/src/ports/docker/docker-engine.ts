// The one place Ferry talks to the Docker engine. Option objects come from describe.ts;
// this file sends them and turns the engine's answers into FerryContainer values and FerryErrors.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import Dockerode from 'dockerode';
import { engineHostText, type EngineAddress } from '../../config/engine-host.js';
import type { EntryToPut, TreeEntry } from './archive.js';
import type { Colour } from '../../config/types.js';
import { ConfigError, FerryError } from '../../errors.js';
import { scanDockerStream } from './build-stream.js';
import { buildOptions, containerCreateOptions, engineTimestamp, isOneOffOf, labelFilter, managedFilter, oneOffCreateOptions, toFerryContainer } from './describe.js';
import { lineCollector } from './lines.js';
import { logFrames } from './log-frames.js';
import { contextIgnore } from './dockerignore.js';
import { engineOptions, type EngineEnvironment } from './engine-options.js';
import { openSshAuth } from './ssh-auth.js';
import { SshTransport } from './ssh-transport.js';
import { DEFAULT_ENGINE_TIMEOUTS, describeEngineCancel, describeEngineTimeout, EngineCancelledError, EngineTimeoutError, watchIdle, withDeadline, type EngineCall, type EngineTimeouts } from './timeouts.js';
import { LABEL, type BuildRequest, type ContainerSpec, type DockerProgressSink, type FerryContainer, type ImageRemoval, type ImageTag, type OneOffResult, type OneOffSpec, type ProgressSink, type RegistryAuth } from './types.js';

// dockerode's ping takes options (abortSignal) like every other call; its types only list the callback.
type PingWithOptions = { ping(opts: { abortSignal: AbortSignal }): Promise<unknown> };

/** HTTP status of a dockerode error (404 not found, 304 not modified, 409 conflict). */
function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The engine's own message of a dockerode error (its JSON body), without docker-modem's "(HTTP code N)" prefix. */
function engineMessage(err: unknown): string {
  const json = (err as { json?: { message?: string } } | null)?.json;
  return json?.message ?? messageOf(err);
}

/** Tolerates the listed HTTP statuses: the thing is already in the state we wanted. */
async function unless<T>(statuses: number[], work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (statuses.includes(statusOf(err) ?? -1)) return undefined;
    throw err;
  }
}

export class DockerEngine {
  // Without an address dockerode (docker-modem) reads DOCKER_HOST itself and falls back to the local socket.
  constructor(
    readonly docker: Dockerode = new Dockerode(),
    private readonly where?: string,
    readonly timeouts: EngineTimeouts = DEFAULT_ENGINE_TIMEOUTS,
    private readonly sshFailure?: (err: unknown) => FerryError | null,
  ) {}

  /** The engine at an address from the environment file or DOCKER_HOST (config/engine.ts). */
  static at(address: EngineAddress, env: EngineEnvironment = process.env, timeouts: EngineTimeouts = DEFAULT_ENGINE_TIMEOUTS): DockerEngine {
    const { certPath, ssh, ...options } = engineOptions(address, env);
    const tls = certPath ? readClientCertificates(certPath, engineHostText(address)) : undefined;
    const where = address.kind === 'local' ? undefined : engineHostText(address);
    if (!ssh || address.kind !== 'ssh') return new DockerEngine(new Dockerode({ ...options, ...tls } as Dockerode.DockerOptions), where, timeouts);
    const { connect, failure } = openSshAuth(ssh, { host: address.host, port: address.port, engine: engineHostText(address) });
    return new DockerEngine(new Dockerode({ ...options, agent: new SshTransport(connect) } as Dockerode.DockerOptions), where, timeouts, failure);
  }

  // Which signal cuts every call short now (the command's; the abandon signal while it undoes): set by cancelWith.
  private cancelSource: () => AbortSignal | undefined = () => undefined;

  /** Every later call gets the signal `source` names at its start (dockerode's abortSignal) and ends the moment it aborts. */
  cancelWith(source: () => AbortSignal | undefined): void {
    this.cancelSource = source;
  }

  /** The command's signal, and the caller's own (e.g. the health gate's deadline), as one. */
  private outerSignal(own?: AbortSignal): AbortSignal | undefined {
    const signals = [this.cancelSource(), own].filter((s): s is AbortSignal => s !== undefined);
    return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  }

  /** One short API call, bounded by engine.request_timeout (plus `graceMs` the engine itself waits, e.g. a stop's grace period) and the command's signal. */
  private request<T>(what: string, run: (signal: AbortSignal) => Promise<T>, graceMs = 0, own?: AbortSignal): Promise<T> {
    const call: EngineCall = { kind: 'request', what };
    return withDeadline(this.timeouts.requestMs + graceMs, () => this.timedOut(call), run, this.outerSignal(own), (reason) => this.cancelled(call, reason));
  }

  /** A streamed answer (build, push, import): bounded by engine.stream_idle_timeout of silence, before and after it starts. */
  private async openStream(what: string, open: (signal: AbortSignal) => Promise<NodeJS.ReadableStream>, outer?: AbortSignal): Promise<Readable> {
    const call: EngineCall = { kind: 'stream', what };
    const stream = (await withDeadline(this.timeouts.streamIdleMs, () => this.timedOut(call), open, this.outerSignal(outer), (reason) => this.cancelled(call, reason))) as Readable;
    watchIdle(stream, this.timeouts.streamIdleMs, () => this.timedOut(call));
    return stream;
  }

  private timedOut(call: EngineCall): EngineTimeoutError {
    return new EngineTimeoutError(describeEngineTimeout(call, this.address, this.timeouts));
  }

  private cancelled(call: EngineCall, reason: unknown): EngineCancelledError {
    return new EngineCancelledError(describeEngineCancel(call, this.address, reason));
  }

  /** Where the engine is expected, for error messages. */
  get address(): string {
    if (this.where) return this.where;
    const modem = this.docker.modem as { socketPath?: unknown; host?: string; port?: number };
    if (process.env.DOCKER_HOST) return `DOCKER_HOST=${process.env.DOCKER_HOST}`;
    if (typeof modem.socketPath === 'string') return modem.socketPath;
    // docker-modem resolves the default socket lazily (a function until the first request).
    return modem.host ? `${modem.host}:${modem.port}` : '/var/run/docker.sock (DOCKER_HOST unset)';
  }

  /** Whether the engine is reached through a unix socket of this machine: then its containers' host pids are ours in /proc. */
  get onThisMachine(): boolean {
    const modem = this.docker.modem as { socketPath?: unknown; host?: string };
    return !modem.host && modem.socketPath !== undefined;
  }

  async ping(): Promise<void> {
    try {
      await this.request('ping', (abortSignal) => (this.docker as unknown as PingWithOptions).ping({ abortSignal }));
    } catch (err) {
      if (err instanceof EngineTimeoutError || err instanceof EngineCancelledError) throw err;
      throw this.sshFailure?.(err) ?? new FerryError(
        `Docker engine did not answer at ${this.address} (${messageOf(err)}). ` +
          'Start it (`dockerd &` or `systemctl start docker`), or point engine.host in the environment file (or DOCKER_HOST) at a running engine.',
      );
    }
  }

  async imageId(ref: string): Promise<string | null> {
    const info = await unless([404], () => this.request(`inspect image ${ref}`, () => this.docker.getImage(ref).inspect()));
    return info?.Id ?? null;
  }

  async build(req: BuildRequest, onProgress: DockerProgressSink, signal?: AbortSignal): Promise<{ imageId: string }> {
    const dockerfile = path.join(req.context, req.dockerfile);
    if (!existsSync(dockerfile)) {
      throw new ConfigError(`build: Dockerfile not found at ${dockerfile}; check image.build.context and image.build.dockerfile`);
    }
    // tar (tar-fs, tar-stream, streamx: ~140 kB of the bundle) is loaded by the calls that use it, not at start-up
    const { default: tarFs } = await import('tar-fs');
    const context = tarFs.pack(req.context, { ignore: contextIgnore(req.context, req.dockerfile) });
    let stream: Readable;
    try {
      stream = await this.openStream(`docker build of ${req.tag}`, (abortSignal) => this.docker.buildImage(context, { ...buildOptions(req), abortSignal }), signal);
    } catch (err) {
      if (signal?.aborted) throw new FerryError(`docker build of ${req.tag} was cancelled`);
      if (err instanceof EngineTimeoutError || err instanceof EngineCancelledError) throw err;
      throw new FerryError(`docker build of ${req.tag} could not start: ${messageOf(err)}`);
    }
    const scanned = await scanDockerStream(stream, onProgress);
    if (signal?.aborted) throw new FerryError(`docker build of ${req.tag} was cancelled`);
    if (scanned.errors.length > 0) {
      throw new FerryError(`docker build of ${req.tag} failed: ${scanned.errors.join('; ')}`);
    }
    const imageId = await this.imageId(req.tag);
    if (!imageId) throw new FerryError(`docker build of ${req.tag} finished but the tag does not exist`);
    return { imageId };
  }

  async push(ref: string, auth: RegistryAuth | undefined, onProgress: DockerProgressSink): Promise<{ digest: string | null }> {
    // The engine rejects a push without an X-Registry-Auth header, so an anonymous push sends `{}`.
    const authconfig = auth ?? {};
    let stream: Readable;
    try {
      stream = await this.openStream(`docker push of ${ref}`, (abortSignal) => this.docker.getImage(ref).push({ authconfig, abortSignal }));
    } catch (err) {
      if (err instanceof EngineTimeoutError || err instanceof EngineCancelledError) throw err;
      throw new FerryError(`docker push of ${ref} could not start: ${messageOf(err)}`);
    }
    const scanned = await scanDockerStream(stream, onProgress);
    if (scanned.errors.length > 0) {
      throw new FerryError(`docker push of ${ref} failed: ${scanned.errors.join('; ')}`);
    }
    return { digest: scanned.digest };
  }

  /** Pulls a reference (name:tag or name@digest) from its registry; returns the pulled image's ID. */
  async pull(ref: string, auth: RegistryAuth | undefined, onProgress: DockerProgressSink): Promise<string> {
    let stream: Readable;
    try {
      stream = await this.openStream(`docker pull of ${ref}`, (abortSignal) => this.docker.pull(ref, { authconfig: auth ?? {}, abortSignal }));
    } catch (err) {
      if (err instanceof EngineTimeoutError || err instanceof EngineCancelledError) throw err;
      throw new FerryError(`docker pull of ${ref} on ${this.address} could not start: ${engineMessage(err)}`);
    }
    const scanned = await scanDockerStream(stream, onProgress);
    if (scanned.errors.length > 0) throw new FerryError(`docker pull of ${ref} on ${this.address} failed: ${scanned.errors.join('; ')}`);
    const id = await this.imageId(ref);
    if (!id) throw new FerryError(`docker pull of ${ref} on ${this.address} finished but the image does not exist`);
    return id;
  }

  /** Imports a root filesystem tar as an image (`docker import`); returns the image id. */
  async importImage(rootfs: Readable, ref: string, changes: string[], onProgress: DockerProgressSink = () => {}): Promise<string> {
    const [repo, tag] = splitRef(ref);
    // docker-modem sends an array as a repeated query parameter, which is what /images/create wants for `changes`.
    const stream = await this.openStream(`docker import of ${ref}`, (abortSignal) => this.docker.importImage(rootfs, { repo, tag, changes, abortSignal }));
    const scanned = await scanDockerStream(stream, onProgress);
    if (scanned.errors.length > 0) throw new FerryError(`docker import of ${ref} failed: ${scanned.errors.join('; ')}`);
    const id = await this.imageId(ref);
    if (!id) throw new FerryError(`docker import of ${ref} finished but the tag does not exist`);
    return id;
  }

  async start(spec: ContainerSpec): Promise<FerryContainer> {
    const existing = await this.inspect(spec.name);
    if (existing) {
      await this.stop(existing.id);
      await this.remove(existing.id);
    }
    let container: Dockerode.Container;
    try {
      container = await this.request(`create container ${spec.name}`, (abortSignal) => this.docker.createContainer({ ...containerCreateOptions(spec), abortSignal }));
      await this.request(`start container ${spec.name}`, (abortSignal) => container.start({ abortSignal }));
    } catch (err) {
      if (err instanceof EngineTimeoutError || err instanceof EngineCancelledError) throw err;
      throw new FerryError(`could not start container ${spec.name} from ${spec.image}: ${messageOf(err)}`);
    }
    const started = await this.inspect(container.id);
    if (!started) throw new FerryError(`container ${spec.name} vanished right after it started`);
    return started;
  }

  /** Run a command to completion in a throwaway container, streaming its output; always removes it. */
  async runOnce(spec: OneOffSpec, opts: { timeoutMs: number; onLine: ProgressSink; signal?: AbortSignal }): Promise<OneOffResult> {
    await this.remove(spec.name); // a crashed earlier run may have left one behind
    const started = Date.now();
    const lines = lineCollector(opts.onLine);
    let container: Dockerode.Container;
    try {
      container = await this.request(`create one-off container ${spec.name}`, (abortSignal) => this.docker.createContainer({ ...oneOffCreateOptions(spec), abortSignal }));
    } catch (err) {
      if (err instanceof EngineTimeoutError || err instanceof EngineCancelledError) throw err;
      throw new FerryError(`could not create a one-off container from ${spec.image} for \`${spec.cmd.join(' ')}\`: ${messageOf(err)}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const kill = () => this.request(`kill one-off container ${spec.name}`, (abortSignal) => container.kill({ abortSignal })).catch(() => undefined);
    const onAbort = () => void kill();
    const waiting = new AbortController(); // ends the wait request when database.timeout kills the command
    try {
      // Attach before start so not a line is missed.
      const stream = (await this.request(`attach to one-off container ${spec.name}`, (abortSignal) =>
        container.attach({ stream: true, stdout: true, stderr: true, abortSignal }),
      )) as unknown as Readable;
      const sink = new PassThrough();
      sink.on('data', (chunk: Buffer) => lines.write(chunk));
      this.docker.modem.demuxStream(stream, sink, sink);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      await this.request(`start one-off container ${spec.name}`, (abortSignal) => container.start({ abortSignal }));
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
      });
      const exited = container.wait({ abortSignal: waiting.signal }) as Promise<{ StatusCode: number }>;
      exited.catch(() => undefined); // aborted below when the command overruns: not an unhandled rejection
      const outcome = await Promise.race([exited, timedOut]);
      // The attach stream ends with the container; bounded in case the engine never closes it.
      await Promise.race([finished(stream).catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
      lines.end();
      // The caller words the timeout: only it can mask secrets in the output it quotes.
      if (outcome === 'timeout') {
        waiting.abort();
        await kill();
        return { exitCode: null, durationMs: Date.now() - started, tail: lines.tail() };
      }
      if (opts.signal?.aborted) throw new FerryError(`\`${spec.cmd.join(' ')}\` was cancelled`);
      return { exitCode: outcome.StatusCode, durationMs: Date.now() - started, tail: lines.tail() };
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      await this.remove(container.id);
    }
  }

  async list(filter: { app: string; env: string; colour?: Colour }): Promise<FerryContainer[]> {
    const infos = await this.request(`list containers of ${filter.app}/${filter.env}`, (abortSignal) =>
      this.docker.listContainers({ all: true, filters: labelFilter(filter), abortSignal }),
    );
    // the router container carries the environment's labels too, but it is no colour
    return infos.filter((info) => !info.Labels?.[LABEL.role]).map(toFerryContainer);
  }

  /** Every Ferry-managed container on the engine (label ferry.app present): any app, any environment, running or stopped. */
  async listManaged(): Promise<FerryContainer[]> {
    const infos = await this.request('list Ferry containers', (abortSignal) => this.docker.listContainers({ all: true, filters: managedFilter(), abortSignal }));
    return infos.map(toFerryContainer);
  }

  /** The environment's one-off containers (migrations, dry runs) a crash may have left, whatever their state. */
  async listOneOffs(filter: { app: string; env: string }): Promise<FerryContainer[]> {
    const infos = await this.request('list one-off containers', (abortSignal) =>
      this.docker.listContainers({ all: true, filters: { label: [LABEL.oneOffTarget] }, abortSignal }),
    );
    return infos.filter((info) => isOneOffOf(info.Labels, filter)).map(toFerryContainer);
  }

  /** `signal`: the caller's own bound on top of the command's (the health gate's deadline). */
  async inspect(id: string, signal?: AbortSignal): Promise<FerryContainer | null> {
    const info = await unless([404], () => this.request(`inspect container ${id}`, (abortSignal) => this.docker.getContainer(id).inspect({ abortSignal }), 0, signal));
    return info ? toFerryContainer(info) : null;
  }

  /** Idempotent: a container that is already stopped (304) or gone (404) is fine. */
  async stop(id: string, timeoutSec = 10): Promise<void> {
    // The engine answers a stop only after the container's grace period: the bound adds it.
    const what = `stop container ${id} (after its ${timeoutSec}s grace period)`;
    await unless([304, 404], () => this.request(what, (abortSignal) => this.docker.getContainer(id).stop({ t: timeoutSec, abortSignal }), timeoutSec * 1000));
  }

  /** Idempotent: gone (404) or already being removed (409) is fine. */
  async remove(id: string): Promise<void> {
    await unless([404, 409], () => this.request(`remove container ${id}`, (abortSignal) => this.docker.getContainer(id).remove({ force: true, abortSignal })));
  }

  async logs(
    id: string,
    opts: { follow: boolean; tail?: number; out: NodeJS.WritableStream; signal?: AbortSignal; sinceMs?: number; stdoutOnly?: boolean },
  ): Promise<void> {
    const container = this.docker.getContainer(id);
    const base: Dockerode.ContainerLogsOptions = {
      stdout: true,
      stderr: !opts.stdoutOnly,
      abortSignal: opts.signal,
      ...(opts.tail === undefined ? {} : { tail: opts.tail }),
      ...(opts.sinceMs === undefined ? {} : { since: engineTimestamp(opts.sinceMs) as unknown as number }),
    };
    // Without follow, dockerode buffers the whole answer; with follow it hands back the live stream.
    // Only the answer is bounded: a followed log may rightly stay silent for hours (Ctrl+C ends it).
    const what = `logs of container ${id}`;
    const signal = (s: AbortSignal) => (opts.signal ? AbortSignal.any([s, opts.signal]) : s);
    if (!opts.follow) {
      const answer = await this.request(what, (s) => container.logs({ ...base, abortSignal: signal(s), follow: false }));
      for (const frame of logFrames(Buffer.from(answer))) opts.out.write(frame);
      return;
    }
    const raw = (await this.request(what, (s) => container.logs({ ...base, abortSignal: signal(s), follow: true }))) as Readable;
    // Demux into a PassThrough so `out` (maybe process.stdout) is never ended by us.
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => opts.out.write(chunk));
    this.docker.modem.demuxStream(raw, sink, sink);
    const onAbort = () => raw.destroy();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await finished(raw).catch((err: unknown) => {
        if (!opts.signal?.aborted) throw err;
      });
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Local tags of one repository, newest first. */
  async listImageTags(repo: string): Promise<ImageTag[]> {
    const images = await this.request(`list images of ${repo}`, (abortSignal) => this.docker.listImages({ filters: { reference: [repo] }, abortSignal }));
    const tags = images.flatMap((image) =>
      (image.RepoTags ?? [])
        .filter((repoTag) => splitRef(repoTag)[0] === repo)
        .map((repoTag) => ({ tag: splitRef(repoTag)[1], id: image.Id, createdAt: image.Created })),
    );
    return tags.sort((a, b) => b.createdAt - a.createdAt || a.tag.localeCompare(b.tag));
  }

  /** Idempotent: an absent tag is fine; a tag the engine refuses to remove (409: in use) is left alone, with the engine's words. */
  async removeImage(ref: string): Promise<ImageRemoval> {
    try {
      await this.request(`remove image ${ref}`, (abortSignal) => this.docker.getImage(ref).remove({ abortSignal }));
      return 'removed';
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return 'absent';
      if (status === 409) return { refused: engineMessage(err) };
      throw err;
    }
  }

  /** Set a container aside under another name (a failed deploy renames it back). */
  async rename(id: string, name: string): Promise<void> {
    await this.request(`rename container ${id} to ${name}`, (abortSignal) => this.docker.getContainer(id).rename({ name, abortSignal }));
  }

  /** Start an existing, stopped container; already running is fine. */
  async startExisting(id: string): Promise<void> {
    await unless([304], () => this.request(`start container ${id}`, (abortSignal) => this.docker.getContainer(id).start({ abortSignal })));
  }

  /** A container created and not started, from a complete option object (e.g. the router's); returns its id. */
  async create(options: Dockerode.ContainerCreateOptions): Promise<string> {
    try {
      return (await this.request(`create container ${options.name}`, (abortSignal) => this.docker.createContainer({ ...options, abortSignal }))).id;
    } catch (err) {
      if (err instanceof EngineTimeoutError || err instanceof EngineCancelledError) throw err;
      throw new FerryError(`could not create container ${options.name} from ${options.Image}: ${engineMessage(err)}`);
    }
  }

  /** The engine's whole inspect answer (labels, state, pid, ports), or null when there is no such container. */
  async inspectRaw(id: string): Promise<Dockerode.ContainerInspectInfo | null> {
    return (await unless([404], () => this.request(`inspect container ${id}`, (abortSignal) => this.docker.getContainer(id).inspect({ abortSignal })))) ?? null;
  }

  /** Creates the network unless one of that name exists. */
  async ensureNetwork(options: Dockerode.NetworkCreateOptions): Promise<void> {
    if (await this.networkExists(options.Name)) return;
    // 409: created meanwhile by another command, which is what we wanted
    await unless([409], () => this.request(`create network ${options.Name}`, (abortSignal) => this.docker.createNetwork({ ...options, abortSignal })));
  }

  /** Joins a running container to a network (no restart); already attached is fine. Returns whether it joined now. */
  async connectNetwork(name: string, container: string): Promise<boolean> {
    const info = await this.inspectRaw(container);
    if (!info) throw new FerryError(`container ${container} does not exist; it cannot join network ${name}`);
    if (info.NetworkSettings.Networks?.[name]) return false;
    await this.request(`connect ${container} to network ${name}`, () => this.docker.getNetwork(name).connect({ Container: container }));
    return true;
  }

  /** Leaves a network (no restart); not attached is fine. */
  async disconnectNetwork(name: string, container: string): Promise<void> {
    await unless([404], () => this.request(`disconnect ${container} from network ${name}`, () => this.docker.getNetwork(name).disconnect({ Container: container })));
  }

  async networkExists(name: string): Promise<boolean> {
    return (await unless([404], () => this.request(`inspect network ${name}`, () => this.docker.getNetwork(name).inspect()))) !== undefined;
  }

  /** Disconnects whatever is still attached, then removes the network; false when there was none. */
  async removeNetwork(name: string): Promise<boolean> {
    const network = this.docker.getNetwork(name);
    const info = (await unless([404], () => this.request(`inspect network ${name}`, () => network.inspect()))) as { Containers?: Record<string, unknown> } | undefined;
    if (!info) return false;
    for (const id of Object.keys(info.Containers ?? {})) {
      await unless([404], () => this.request(`disconnect ${id} from network ${name}`, (abortSignal) => network.disconnect({ Container: id, Force: true, abortSignal })));
    }
    await unless([404], () => this.request(`remove network ${name}`, (abortSignal) => network.remove({ abortSignal })));
    return true;
  }

  /** Writes files into a container (created or running) through the engine's archive API: works on remote engines too. */
  async putFiles(id: string, files: EntryToPut[]): Promise<void> {
    const { packFiles } = await import('./archive.js');
    const archive = await packFiles(files);
    await this.request(`write files into container ${id}`, (abortSignal) => this.docker.getContainer(id).putArchive(archive, { path: '/', abortSignal }));
  }

  /** One file's text from a container, or null when the container or the file does not exist. */
  async readFile(id: string, filePath: string): Promise<string | null> {
    // Answer and body under one bound: the file is small, and a hung engine may stop mid-body.
    return this.request(`read ${filePath} from container ${id}`, async (abortSignal) => {
      const archive = await unless([404], () => this.docker.getContainer(id).getArchive({ path: filePath, abortSignal }));
      return archive ? (await import('./archive.js')).readFirstFile(archive as unknown as Readable) : null;
    });
  }

  /** A directory of a container in one archive read (the engine's cost is per read, not per file), or null when the container or the directory does not exist. */
  async readTree(id: string, dir: string): Promise<Map<string, TreeEntry> | null> {
    return this.request(`read ${dir} from container ${id}`, async (abortSignal) => {
      const archive = await unless([404], () => this.docker.getContainer(id).getArchive({ path: dir, abortSignal }));
      return archive ? (await import('./archive.js')).readTree(archive as unknown as Readable, dir) : null;
    });
  }

  /** Where a symbolic link in a container points (as the engine resolves it, absolute), or null when the path or container is missing or it is no link. */
  async linkTarget(id: string, linkPath: string): Promise<string | null> {
    const answer = await unless([404], () =>
      this.request(`stat ${linkPath} in container ${id}`, (abortSignal) => this.docker.getContainer(id).infoArchive({ path: linkPath, abortSignal })),
    );
    const stat = (answer as { headers?: Record<string, string> } | undefined)?.headers?.['x-docker-container-path-stat'];
    if (!stat) return null;
    const { linkTarget } = JSON.parse(Buffer.from(stat, 'base64').toString('utf8')) as { linkTarget?: string };
    return linkTarget || null;
  }

  /** Runs argv in a running container (no shell); resolves with its exit code and output. */
  async exec(id: string, argv: string[], opts: { timeoutMs: number }): Promise<{ code: number; output: string }> {
    const what = `exec \`${argv.join(' ')}\` in container ${id}`;
    const exec = await this.request(what, (abortSignal) => this.docker.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, abortSignal }));
    const stream = (await this.request(what, (abortSignal) => exec.start({ hijack: true, stdin: false, abortSignal }))) as unknown as Readable;
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    this.docker.modem.demuxStream(stream, sink, sink);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
    });
    try {
      const outcome = await Promise.race([finished(stream).catch(() => undefined), timedOut]);
      if (outcome === 'timeout') {
        stream.destroy();
        throw new FerryError(`\`${argv.join(' ')}\` in container ${id} did not finish within ${opts.timeoutMs} ms`);
      }
    } finally {
      clearTimeout(timer);
    }
    const info = await this.request(what, (abortSignal) => exec.inspect({ abortSignal }));
    return { code: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8').trim() };
  }

  /** The container's processes as the engine's host sees them (`docker top`): pid and command line. */
  async processes(id: string): Promise<{ pid: number; args: string }[]> {
    const top = await unless([404, 409], () => this.request(`list processes of container ${id}`, (abortSignal) => this.docker.getContainer(id).top({ ps_args: '-o pid,args', abortSignal })));
    return (top?.Processes ?? []).map((row: string[]) => ({ pid: Number(row[0]), args: row.slice(1).join(' ') }));
  }

  /** Give a local image another name, e.g. the registry's, before a push. */
  async tag(source: string, target: string): Promise<void> {
    const [repo, tag] = splitRef(target);
    await this.request(`tag image ${source} as ${target}`, (abortSignal) => this.docker.getImage(source).tag({ repo, tag, abortSignal }));
  }
}

/** TLS client files, read as the docker CLI reads them from DOCKER_CERT_PATH; an unreadable one is bad input. */
function readClientCertificates(certPath: string, engine: string): { ca: Buffer; cert: Buffer; key: Buffer } {
  const read = (file: string) => {
    try {
      return readFileSync(path.join(certPath, file));
    } catch (err) {
      throw new ConfigError(`DOCKER_CERT_PATH=${certPath}: cannot read ${file} for the TLS engine ${engine} (${messageOf(err)}); point it at the directory holding ca.pem, cert.pem and key.pem`);
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

/** `registry:5000/app:tag` → [`registry:5000/app`, `tag`]; the tag defaults to `latest`. */
export function splitRef(ref: string): [string, string] {
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return [ref.slice(0, colon), ref.slice(colon + 1)];
  return [ref, 'latest'];
}
