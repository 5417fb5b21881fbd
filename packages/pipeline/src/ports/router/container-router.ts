// The router as a container on the environment's engine: one per environment, on the environment's
// network, restarted by the engine itself. Its config goes in through the archive API and is tested
// by `nginx -t` inside the container before every reload; the switch is confirmed through the router.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { readCmdline } from '@ferry/shared';
import type { Agent } from 'node:http';
import type Dockerode from 'dockerode';
import { tlsForDeploy, type TlsMaterial } from '../../config/router-tls.js';
import { COLOURS, type Colour, type RouterTls } from '../../config/types.js';
import { routerTrust, trustRouterForHttp, type RouterTrust } from '../http/router-trust.js';
import { ConfigError, FerryError } from '../../errors.js';
import type { DockerEngine } from '../docker/docker-engine.js';
import type { EntryToPut, FileToPut, TreeEntry } from '../docker/archive.js';
import { EngineTimeoutError } from '../docker/timeouts.js';
import { LABEL, type RegistryAuth } from '../docker/types.js';
import { CONTAINER_MAIN_CONF, CONTAINER_UPSTREAM_CONF, keptColours, parseContainerUpstreamConf, recordedSplit, releasesOf, renderContainerMainConf, renderContainerUpstreamConf, servingTarget, usesLiveLink, withServingMarker, type Releases, type Upstream } from './container-config.js';
import { CONTAINER_LIVE_LINK, liveColourOf, liveEntries } from './container-live.js';
import { loadedFor, parseLoadedNote, withoutLoadedNote } from './container-kept.js';
import { snippetRefusal } from './container-config-check.js';
import { isNginxMasterArgs, readLinkThroughProcRoot, readThroughProcRoot, writeThroughProcRoot } from './proc-root-files.js';
import { CONTAINER_CERTIFICATE, CONTAINER_KEY, listenAt, publishedPorts, TLS_FILE_MODE, tlsSite, type TlsSite } from './container-tls.js';
import { environmentNetworkName, networkCreateOptions, nginxReloadInContainer, nginxTestInContainer, nginxTestOfInContainer, routerContainerName, routerCreateOptions, routerNetworkMode } from './container-describe.js';
import { applyThenConfirm, confirmSwitch, SwitchUnconfirmedError } from './confirm.js';
import { childrenOfMaster, OldWorkers, type NginxProcess } from './old-workers.js';
import { reloadMaster } from './reload-master.js';
import { hostPort, tryParseUpstreamConf } from './nginx-config.js';
import { pollUntil } from './poll.js';
import { assertListenFree, portInUseError } from './preflight.js';
import { CONTAINER_CONF_DIR, trimNginxOutput } from './nginx-output.js';
import { probeRouter } from './probe.js';
import { changeSplit, keptOpenProbes } from './split-change.js';
import { replicaAlias, replicaContainer } from './replica-preview.js';
import type { SplitRender } from './container-split.js';
import type { AccessCursor, ColourEndpoint, LiveProbe, Router, RouterTarget, Split, SplitOptions, SplitResult, SwitchOptions, SwitchResult } from './types.js';
import { accessSamples, readFromEnd } from './access-log.js';
import { AHEAD_MAIN_CONF, AHEAD_UPSTREAM_CONF, aheadCovers, aheadMainConf, type ConfigInputs } from './container-ahead.js';
import type { ProbeSample } from '../../planning/probe-figures.js';

export interface ContainerRouterOptions {
  app: string;
  env: string;
  image: string; // router/image
  listen: { host: string; port: number }; // router/listen: published on the engine's host
  probeAt: { host: string; port: number }; // the router as ferry reaches it (router/public_url, see config/router-address.ts)
  pullAuth?: () => RegistryAuth | undefined; // credentials when router/image lives in image/registry
  drainMs: number;
  snippet?: string;
  upstreams: Record<Colour, Upstream>; // each colour's container name and port on the network
  tls?: RouterTls; // router/tls: where the PEM comes from; listen serves HTTPS
  httpListen?: { host: string; port: number }; // router/http_listen
  redirectHttp?: boolean;
  previewListen?: { host: string; port: number }; // router/preview_listen: published to the preview server
  processEnv?: NodeJS.ProcessEnv; // where certificate_env/key_env are read
  name?: string; // default <app>-<env>-router; a takeover stages a second router beside it
  // apps on container/network host: the router shares the host's network and reaches the colours on 127.0.0.1
  hostNetwork?: boolean;
  engineHere?: boolean; // the engine runs on this machine: its host's ports can be checked from here
}

const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_S = 3;
const EXEC_TIMEOUT_MS = 15_000;
const CONF_MODE = 0o644;
const RELOADED_TIMEOUT_MS = 5000;
// a step's access log read from the log's end: this many lines first (~40 s at 100 req/s), doubled up to the max, then all since the step began
const ACCESS_TAIL_LINES = 4096;
const ACCESS_TAIL_MAX = 262_144;
const ROUTER_FILES_DIR = '/etc/nginx'; // the confs, the live link and the TLS pair (container-config.ts, container-live.ts, container-tls.ts)

export class ContainerRouter implements Router {
  readonly title: string;
  readonly name: string;
  readonly network: string;
  // workers that were serving before our last reload (host pids): the drain is over when they are gone
  private readonly oldWorkers = new OldWorkers(() => this.processes());
  // a switch by the live link alone: the old colour's requests in flight are in the workers serving now
  private switchedWithoutReload = false;
  // /etc/nginx as the engine's archive API last gave it (engines of other machines; see fromTree)
  private tree: Promise<Map<string, TreeEntry> | null> | null = null;
  private tlsMaterial: TlsMaterial | null = null;
  private trust: RouterTrust | undefined;
  // what the last testSplitAhead proved nginx takes (container-ahead.ts); the next change uses it or tests itself
  private testedAhead: ConfigInputs | null = null;

  constructor(
    private readonly docker: DockerEngine,
    private readonly opts: ContainerRouterOptions,
  ) {
    this.name = opts.name ?? routerContainerName(opts);
    this.network = environmentNetworkName(opts);
    this.title = `router container ${this.name}`;
  }

  /**
   * Its access log is its stdout (container-config.ts): the engine's log since the cursor's time. Read from its end:
   * the engine reads a log from its start to find a time (up to 30 MB of it, seconds at a canary's step end), but
   * its last lines at once; asked for twice as many until they reach back before the cursor (access-log.ts).
   */
  async readAccessLog(cursor: AccessCursor | null): Promise<{ samples: ProbeSample[]; cursor: AccessCursor }> {
    const at = Date.now();
    if (!cursor) return { samples: [], cursor: { at, offset: 0 } };
    const text = await readFromEnd((tail) => this.logText(cursor.at, tail), ACCESS_TAIL_LINES, ACCESS_TAIL_MAX);
    return { samples: accessSamples(text), cursor: { at, offset: 0 } };
  }

  /** Both streams: the lines a tail asks for are counted in the log as the engine keeps it. */
  private async logText(sinceMs: number, tail: number | undefined): Promise<string> {
    let text = '';
    const out = new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString('utf8')), done()) });
    await this.docker.logs(this.name, { follow: false, out, sinceMs, ...(tail !== undefined && { tail }) });
    return text;
  }

  private inspect(): Promise<Dockerode.ContainerInspectInfo | null> {
    return this.docker.inspectRaw(this.name);
  }

  async isRunning(): Promise<boolean> {
    const info = await this.inspect();
    return info?.State.Running === true && !info.State.Restarting;
  }

  /** The pid of the container's main process (nginx's master) on the engine's host, or null. */
  async mainPid(): Promise<number | null> {
    const info = await this.inspect();
    return info?.State.Running && info.State.Pid > 0 ? info.State.Pid : null;
  }

  async workerPids(): Promise<number[]> {
    return workersOf(await this.processes());
  }

  /** nginx's processes (host pids): through /proc on this machine, else the engine's `top` (it runs `ps`: ~50 ms here). */
  private async processes(): Promise<NginxProcess[]> {
    const pid = await this.pidHere();
    const args = pid > 0 ? await readCmdline(pid) : '';
    if (isNginxMasterArgs(args)) return [{ pid, args }, ...(await childrenOfMaster(pid))];
    return this.docker.processes(this.name);
  }

  /**
   * The image on the engine: pulled there when missing, from its registry (bounded by engine.stream_idle_timeout),
   * as a remote engine gets it; a pull that fails is exit 2 naming router/image, before anything changes.
   */
  async preflight(): Promise<void> {
    const main = this.mainConf(); // throws ConfigError on anything nginx could not take
    await this.loadTls();
    // on the host's network nginx binds router/listen itself: a taken port would only show as a restart loop
    if (this.opts.hostNetwork && this.opts.engineHere && !(await this.isRunning())) await assertListenFree(this.opts.listen);
    if ((await this.docker.imageId(this.opts.image)) === null) await this.pullImage();
    await this.assertSnippetTaken(main);
  }

  /**
   * A router/snippet nginx refuses is bad input: found before anything changes (exit 2), not by the reload after the
   * new colour started. Tested in a throwaway container only when the main conf would change (a new or edited snippet).
   */
  private async assertSnippetTaken(main: string): Promise<void> {
    if (!this.opts.snippet || this.opts.tls) return; // with router/tls the first reload tests it, certificate and all
    const current = (await this.inspect()) ? await this.readText(CONTAINER_MAIN_CONF).catch(() => null) : null;
    if (current === main) return;
    const refusal = await snippetRefusal(this.docker, this.opts.image, { app: this.opts.app, env: this.opts.env }, main, this.opts.upstreams);
    if (refusal) throw refusal;
  }

  private async pullImage(): Promise<void> {
    try {
      await this.docker.pull(this.opts.image, this.opts.pullAuth?.(), () => undefined);
    } catch (error) {
      if (error instanceof ConfigError || error instanceof EngineTimeoutError) throw error;
      throw new ConfigError(
        `router/image: ${this.opts.image} is not on the Docker engine at ${this.docker.address} and could not be pulled (${(error as Error).message}); ` +
          `push it to a registry that engine reaches and set router/image to that name, or set router/image to an nginx image the engine has`,
      );
    }
  }

  /** The environment's network (the colours join it), unless the router shares the host's. */
  private async ensureNetwork(): Promise<void> {
    if (!this.opts.hostNetwork) await this.docker.ensureNetwork(networkCreateOptions(this.opts));
  }

  async ensureRunning(): Promise<void> {
    // independent round trips at once: a switch starts with this
    // (whether the upstream conf names a container that is not there: false for a router that does not exist)
    let [, info, { unloadable, behind }] = await Promise.all([
      this.ensureNetwork(),
      this.inspect(),
      this.upstreamRepairs().catch(() => ({ unloadable: false, behind: null })),
    ]);
    if (info && !this.matches(info)) {
      // image or published address changed: only a new container can have them; it keeps serving what the old one served
      const carried = await this.readActive().catch(() => null);
      await this.removeContainer();
      info = null;
      return this.create(carried);
    }
    if (!info) return this.create(null);
    if (!info.State.Running || info.State.Restarting) {
      // nginx cannot load an upstream block naming a container that is not there: the engine's restarts fail (their
      // back-off grows to a minute). Out of that loop, without the block, started by us (re-arms unless-stopped).
      if (info.State.Restarting) await this.docker.stop(this.name, 1);
      if (unloadable) await this.rewriteUpstream(info);
      await this.startAndWait(info.Id);
    } else if (unloadable) {
      // it runs on what it loaded (a dead colour's block only fails its requests): never restarted for it, which would
      // refuse every connection meanwhile; only what a restart would load is rewritten
      await this.rewriteUpstream(info);
    } else if (behind) {
      // a switch cut short between its flip and its reload: finish it, so previews of the old colour go by name again
      await this.applyUpstream(behind);
    }
    const main = this.mainConf();
    const [current, replacedTls] = await Promise.all([this.readText(CONTAINER_MAIN_CONF), this.putTlsFilesIfChanged(this.name)]);
    if (current === main && replacedTls === null) return;
    await this.put(this.name, [{ path: CONTAINER_MAIN_CONF, text: main, mode: CONF_MODE }]);
    try {
      await this.testConfig(`nginx rejected the new router config (check router/snippet${this.opts.tls ? ' and the certificate and key of router/tls' : ''})`);
      await this.reload();
      await this.forgetLoaded(info);
    } catch (error) {
      // a broken main conf, certificate or key left in the container would make every later switch fail its
      // test, and the container's next restart (crash, reboot) would load them and serve nothing
      const previous = [...(current !== null ? [{ path: CONTAINER_MAIN_CONF, text: current, mode: CONF_MODE }] : []), ...(replacedTls ?? [])];
      if (previous.length > 0) await this.put(this.name, previous);
      throw error;
    }
  }

  /** The upstream conf, headed by the release the live link serves: what a restore puts back. */
  async readUpstreamText(): Promise<string | null> {
    const { text, link } = await this.readState();
    return text === null ? null : withServingMarker(text, link);
  }

  /**
   * The upstream conf and where the live link points, read together: on this machine through /proc, after one
   * inspect for both (`info`, when the caller has it under way); elsewhere at once with it, from the engine.
   */
  private async readState(info?: Promise<Dockerode.ContainerInspectInfo | null>, withMain = false): Promise<{ text: string | null; link: string | null; main: string | null }> {
    const pid = await this.pidHere(info);
    const [text, link, main] = await Promise.all([
      this.fromHere(pid, readThroughProcRoot, CONTAINER_UPSTREAM_CONF, (file) => this.fromTree(file, 'text')),
      this.fromHere(pid, readLinkThroughProcRoot, CONTAINER_LIVE_LINK, (link) => this.fromTree(link, 'linkTo')),
      withMain ? this.fromHere(pid, readThroughProcRoot, CONTAINER_MAIN_CONF, (file) => this.fromTree(file, 'text')) : null,
    ]);
    return { text, link, main };
  }

  /** A file of the router container: through /proc on this machine, else from the engine's archive of /etc/nginx. */
  private async readText(file: string): Promise<string | null> {
    return this.fromHere(await this.pidHere(), readThroughProcRoot, file, (at) => this.fromTree(at, 'text'));
  }

  /**
   * A file's text or a link's target under /etc/nginx, from one archive read of the directory (the engine's cost,
   * ~120 ms here, is per read, not per file) kept until this router writes: a command's plan, ensureRunning and
   * switch then read the router once, under the command's deploy lock.
   */
  private async fromTree(at: string, kind: 'text' | 'linkTo'): Promise<string | null> {
    this.tree ??= this.docker.readTree(this.name, ROUTER_FILES_DIR);
    let tree: Map<string, TreeEntry> | null;
    try {
      tree = await this.tree;
    } catch (error) {
      this.tree = null; // a failed read is not kept
      throw error;
    }
    const entry = tree?.get(at);
    return entry && kind in entry ? (entry as Record<typeof kind, string>)[kind] : null;
  }

  /** Into the container through the engine: what was read from it before is no longer what it holds. */
  private async put(id: string, entries: EntryToPut[]): Promise<void> {
    this.tree = null;
    try {
      await this.docker.putFiles(id, entries);
    } finally {
      this.tree = null;
    }
  }

  /** Read through the master's /proc root when `pid` is one and that way can be used, else from the engine. */
  private async fromHere(
    pid: number,
    readHere: (pid: number, at: string) => Promise<string | null | undefined>,
    at: string,
    readFromEngine: (at: string) => Promise<string | null>,
  ): Promise<string | null> {
    const here = pid > 0 ? await readHere(pid, at) : undefined;
    return here !== undefined ? here : readFromEngine(at);
  }

  /** The router's main process on this machine (its engine is the local one and it runs), else 0. */
  private async pidHere(info?: Dockerode.ContainerInspectInfo | null | Promise<Dockerode.ContainerInspectInfo | null>): Promise<number> {
    if (!this.docker.onThisMachine) return 0;
    const known = info === undefined ? await this.inspect() : await info;
    return known?.State.Running ? known.State.Pid : 0;
  }

  async readActive(): Promise<RouterTarget | null> {
    const text = await this.readUpstreamText();
    return text === null ? null : parseContainerUpstreamConf(text);
  }

  async probe(signal?: AbortSignal, agent?: Agent, timeoutMs = 1000): Promise<LiveProbe | null> {
    // an unreadable certificate leaves nothing to verify the router with: it does not answer as far as ferry can tell
    if (this.opts.tls && !(await this.loadTls().then(() => true, () => false))) return null;
    return probeRouter(this.opts.probeAt, { signal, timeoutMs, tls: this.trust, agent });
  }

  /** The main config; with router/tls, HTTPS on listen and router/http_listen's server. */
  private mainConf(): string {
    const tls: TlsSite | undefined = this.opts.tls && tlsSite(this.opts);
    return renderContainerMainConf({ ...this.opts, tls, listenAt: listenAt({ ...this.opts, tls: tls !== undefined }) });
  }

  /** Reads and checks the PEM once (exit 2 naming router/tls), and makes ferry's HTTP clients trust it. */
  private async loadTls(): Promise<TlsMaterial | null> {
    if (!this.opts.tls || this.tlsMaterial) return this.tlsMaterial;
    const found = await tlsForDeploy(this.opts.tls, this.opts.processEnv ?? process.env);
    if (!('key' in found)) throw new ConfigError(`router/tls: ${found.message}; ${found.hint}`);
    this.tlsMaterial = found;
    this.trust = routerTrust(found.certificate, this.opts.probeAt.host);
    await trustRouterForHttp(this.trust, this.opts.probeAt);
    return found;
  }

  /**
   * Puts the certificate and key (mode 0600) into the container when they differ from what it has; the files
   * they replaced (to put back if nginx refuses the new pair; none the first time), or null when nothing changed.
   */
  private async putTlsFilesIfChanged(id: string): Promise<FileToPut[] | null> {
    const material = await this.loadTls();
    if (!material) return null;
    const [certificate, key] = await Promise.all([this.readText(CONTAINER_CERTIFICATE), this.readText(CONTAINER_KEY)]);
    if (certificate === material.certificate && key === material.key) return null;
    await this.put(id, [
      { path: CONTAINER_CERTIFICATE, text: material.certificate, mode: TLS_FILE_MODE },
      { path: CONTAINER_KEY, text: material.key, mode: TLS_FILE_MODE },
    ]);
    const previous = { [CONTAINER_CERTIFICATE]: certificate, [CONTAINER_KEY]: key };
    return Object.entries(previous).flatMap(([path, text]) => (text === null ? [] : [{ path, text, mode: TLS_FILE_MODE }]));
  }

  /** The header value that routes one request to `colour` whichever is active (the health gate's way in). */
  async previewHeader(colour: Colour): Promise<{ 'x-ferry-preview': string }> {
    return { 'x-ferry-preview': `${await this.previewToken()}-${colour}` };
  }

  /** Colours publish no port: ferry reaches one through the router with the preview header, from wherever it runs. */
  async colourEndpoint(colour: Colour, _port: number, path: string): Promise<ColourEndpoint> {
    return { url: `${this.opts.tls ? 'https' : 'http'}://${hostPort(this.opts.probeAt)}${path}`, headers: await this.previewHeader(colour) };
  }

  /**
   * To a release whose colour the conf already routes by name: flip the live link (no reload), confirm through
   * the router, then reload once to keep the new colour's connections open. Otherwise (the first release, a conf
   * from before the link, a colour whose kept-open address was resolved for an older container): put, test, reload.
   */
  async switchTo(target: RouterTarget | null, opts: SwitchOptions = {}): Promise<SwitchResult> {
    const timeoutMs = opts.confirmTimeoutMs ?? 5000;
    const inspected = this.inspect();
    const [info, { text, link }, identity] = await Promise.all([inspected, this.readState(inspected), target ? this.identityOf(target.colour) : null]);
    this.assertRunning(info);
    // a split's loaded conf does not read the link for traffic: ending it takes a reload
    if (!opts.fresh && target && text !== null && usesLiveLink(text) && recordedSplit(text) === null) {
      // nginx loaded connections kept open to this very container: the link's flip is the whole switch
      if (loadedFor(parseLoadedNote(text), info.State.StartedAt, target.colour, identity)) return this.flip(target, { info, text, link }, timeoutMs, opts, false);
      if (!keptColours(text, this.opts.upstreams).includes(target.colour)) return this.flip(target, { info, text, link }, timeoutMs, opts, true);
    }
    return applyThenConfirm(
      () => this.applyUpstream(target, opts.beforeChange),
      () => this.confirm(target, timeoutMs, opts.signal),
    );
  }

  private async flip(
    target: RouterTarget,
    now: { info: Dockerode.ContainerInspectInfo; text: string; link: string | null },
    timeoutMs: number,
    { signal, beforeChange }: SwitchOptions,
    settle: boolean,
  ): Promise<SwitchResult> {
    const previousText = withServingMarker(now.text, now.link);
    beforeChange?.(previousText);
    const releases: Releases = { ...releasesOf(now.text), [target.colour]: target };
    // only the record of releases changes, then the link; what a restart would load keeps the serving colour's block:
    // the one it had, when a reload follows; else the target's, whose container nginx loaded and runs
    const kept = settle ? keptColours(now.text, this.opts.upstreams) : [target.colour];
    const text = renderContainerUpstreamConf(releases, kept, this.opts.upstreams, this.tokenOf(now.info), parseLoadedNote(now.text) ?? undefined);
    await this.write(now.info, [{ path: CONTAINER_UPSTREAM_CONF, text, mode: CONF_MODE }, ...liveEntries(target.colour)]);
    const appliedAt = Date.now();
    let confirmedAt: number;
    try {
      // no reload: every request from now on reads the link, so one probe from the target proves it
      confirmedAt = await this.confirm(target, timeoutMs, signal, false);
    } catch (error) {
      throw new SwitchUnconfirmedError((error as Error).message, previousText);
    }
    // proven: now keep the new colour's connections open (a graceful reload; the old workers are the drain)
    this.switchedWithoutReload = true;
    const warning = settle ? await this.settle(target) : undefined;
    return { previous: tryParseUpstreamConf(previousText), appliedAt, confirmedAt, ...(warning && { warning }) };
  }

  /**
   * The reload after a confirmed flip only keeps connections open: traffic already reaches the target by name. Tried
   * twice (a colour stopping between the read of which run and `nginx -t` fails the first), then a warning, never a failure.
   */
  private async settle(target: RouterTarget): Promise<string | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.applyUpstream(target);
        return undefined;
      } catch (error) {
        if (attempt === 2) return `${this.title} serves ${target.colour}, confirmed, but its reload to keep ${target.colour}'s connections open failed (${(error as Error).message.split('\n')[0]}); requests reach ${target.colour} by name until the next switch`;
      }
    }
  }

  /** Into the running router: through /proc on this machine (atomic renames, no engine call), else the archive API. */
  private async write(info: Dockerode.ContainerInspectInfo | null, entries: EntryToPut[]): Promise<void> {
    const pid = await this.pidHere(info);
    if (pid > 0 && (await writeThroughProcRoot(pid, entries))) return;
    await this.put(this.name, entries);
  }

  private assertRunning(info: Dockerode.ContainerInspectInfo | null): asserts info is Dockerode.ContainerInspectInfo {
    if (info?.State.Running !== true || info.State.Restarting) throw new FerryError(`${this.title} is not running; start the router first`);
  }

  async setSplit(split: Split, opts: SplitOptions = {}): Promise<SplitResult> {
    return changeSplit(
      {
        assertRuns: async (targets) => {
          const identities = await this.identities();
          for (const { colour } of targets) if (identities[colour] === null) throw this.notRunning(colour);
        },
        switchTo: (target, switchOpts) => this.switchTo(target, switchOpts),
        applySplit: async (wanted, beforeChange) => {
          const { appliedAt, testedAhead } = await this.applyUpstream(wanted.stable, beforeChange, wanted);
          return { appliedAt, testedAhead };
        },
        oldWorkersStoppedAccepting: () => this.oldWorkers.stoppedAccepting(),
        probeSession: () => keptOpenProbes(this.opts.tls !== undefined, (signal, agent, timeoutMs) => this.probe(signal, agent, timeoutMs)),
        // not cut short by the signal that may have ended the change
        restoreUpstream: (text) => this.restoreUpstream(text, { confirmTimeoutMs: opts.confirmTimeoutMs }),
        where: `${this.title} on ${hostPort(this.opts.probeAt)}`,
      },
      split,
      opts,
    );
  }

  /**
   * The config of `split` as the router's state renders it now, tested by `nginx -t -c` on a side copy (nothing the
   * router loads changes): the next setSplit skips its own test when it writes these bytes with the same containers.
   */
  async testSplitAhead(split: Split): Promise<void> {
    this.testedAhead = null;
    const plan = await this.planUpstream(split.stable, split);
    const sideMain = plan.inputs.main === null ? null : aheadMainConf(plan.inputs.main);
    if (sideMain === null) return; // a main conf Ferry did not write this way: the change tests itself
    await this.write(plan.info, [
      { path: AHEAD_UPSTREAM_CONF, text: plan.inputs.upstream, mode: CONF_MODE },
      { path: AHEAD_MAIN_CONF, text: sideMain, mode: CONF_MODE },
    ]);
    const test = await this.docker.exec(this.name, nginxTestOfInContainer(AHEAD_MAIN_CONF), { timeoutMs: EXEC_TIMEOUT_MS });
    if (test.code === 0) this.testedAhead = plan.inputs;
  }

  async readSplit(): Promise<Split | null> {
    const { text } = await this.readState();
    return text === null ? null : recordedSplit(text);
  }

  async restoreUpstream(text: string, opts: { signal?: AbortSignal; confirmTimeoutMs?: number } = {}): Promise<void> {
    const split = recordedSplit(text);
    // a split comes back as a split, confirmed by its count
    if (split) return void (await this.setSplit(split, { signal: opts.signal, confirmTimeoutMs: opts.confirmTimeoutMs }));
    const target = parseContainerUpstreamConf(text);
    // re-rendered: the text may come from a container that has since been replaced (another preview token)
    await this.applyUpstream(target);
    await this.confirm(target, opts.confirmTimeoutMs ?? 5000, opts.signal);
  }

  async waitForDrain(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<{ drained: boolean; waitedMs: number }> {
    // after a flip alone the old colour's requests in flight are in the serving workers: a reload makes them old workers
    if (this.switchedWithoutReload) await this.applyUpstream(await this.readActive());
    return this.oldWorkers.waitForDrain(opts);
  }

  /** Stops the router gracefully, removes it and the environment's network; returns what existed. */
  async remove(): Promise<string[]> {
    const deleted: string[] = [];
    if (await this.inspect()) {
      await this.removeContainer();
      deleted.push(`container ${this.name}`);
    }
    if (await this.docker.removeNetwork(this.network)) deleted.push(`network ${this.network}`);
    return deleted;
  }

  /** `docker stop`: SIGQUIT (graceful), in-flight requests finish within the drain time. */
  async stop(): Promise<void> {
    await this.docker.stop(this.name, Math.ceil(this.opts.drainMs / 1000) + STOP_GRACE_S);
  }

  private async removeContainer(): Promise<void> {
    this.tree = null;
    await this.stop();
    await this.docker.remove(this.name);
  }

  private matches(info: Dockerode.ContainerInspectInfo): boolean {
    const wanted = Object.entries(publishedPorts({ ...this.opts, tls: this.opts.tls !== undefined }));
    const bindings = info.HostConfig.PortBindings ?? {};
    const published = wanted.every(([port, at]) => bindings[port]?.[0]?.HostIp === at.host && bindings[port]?.[0]?.HostPort === String(at.port));
    const network = info.HostConfig.NetworkMode === routerNetworkMode(this.opts);
    return info.Config.Image === this.opts.image && published && network && Object.keys(bindings).length === wanted.length;
  }

  private async previewToken(): Promise<string> {
    return this.tokenOf(await this.inspect());
  }

  private tokenOf(info: Dockerode.ContainerInspectInfo | null): string {
    const token = info?.Config.Labels?.[LABEL.routerPreview];
    if (!token) throw new FerryError(`${this.title} is missing or has no ${LABEL.routerPreview} label; the next deploy recreates it`);
    return token;
  }

  /**
   * Created with its config and serving `active` once started, but not started: a takeover starts it
   * the moment the host nginx lets go of router/listen, so nothing but the start is in that gap.
   */
  async prepare(active: RouterTarget | null): Promise<void> {
    await this.ensureNetwork();
    if (await this.inspect()) await this.removeContainer();
    await this.createStopped(active);
  }

  async startOn(target: RouterTarget): Promise<void> {
    await this.ensureNetwork();
    const info = await this.inspect();
    if (!info) return this.create(target);
    // out of the engine's restart loop (a config nginx cannot load), written anew while stopped, started by us
    if (info.State.Running || info.State.Restarting) await this.docker.stop(this.name, 1);
    await this.put(info.Id, this.startingFiles(target, this.tokenOf(info)));
    await this.startAndWait(info.Id);
  }

  /** What a router starts on: Ferry's main conf and, for `active`, the upstream conf and the live link (the block only when its container runs). */
  private startingFiles(active: RouterTarget | null, previewToken: string, keepActive = false): EntryToPut[] {
    return [
      { path: CONTAINER_MAIN_CONF, text: this.mainConf(), mode: CONF_MODE },
      { path: CONTAINER_UPSTREAM_CONF, text: renderContainerUpstreamConf(active && { [active.colour]: active }, keepActive && active ? [active.colour] : [], this.opts.upstreams, previewToken), mode: CONF_MODE },
      ...(active ? liveEntries(active.colour) : []),
    ];
  }

  private async createStopped(active: RouterTarget | null): Promise<string> {
    const previewToken = randomBytes(16).toString('hex');
    const id = await this.docker.create(routerCreateOptions({ ...this.opts, tls: this.opts.tls !== undefined, previewToken }));
    await this.putTlsFilesIfChanged(id);
    const keepActive = active !== null && (await this.identityOf(active.colour)) !== null;
    await this.put(id, this.startingFiles(active, previewToken, keepActive));
    return id;
  }

  private async create(active: RouterTarget | null): Promise<void> {
    const id = await this.createStopped(active);
    try {
      await this.startAndWait(id);
    } catch (error) {
      await this.docker.remove(id); // a router that never served leaves nothing behind
      throw error;
    }
  }

  private async startAndWait(id: string): Promise<void> {
    try {
      await this.docker.startExisting(id);
    } catch (error) {
      if (/address already in use|port is already allocated/i.test((error as Error).message)) throw portInUseError(this.opts.listen);
      throw new FerryError(`could not start ${this.title}: ${(error as Error).message}`);
    }
    // running is not serving: wait until nginx answers on the published address (any status)
    if (!(await pollUntil(async () => (await this.isRunning()) && (await this.probe()) !== null, START_TIMEOUT_MS))) {
      throw new FerryError(`${this.title} started but did not answer on ${hostPort(this.opts.probeAt)} within ${START_TIMEOUT_MS}ms; see docker logs ${this.name}`);
    }
  }

  private async testConfig(what: string): Promise<void> {
    const failed = await this.testSavedConfig();
    if (failed !== null) throw new FerryError(`${what}: ${failed}`);
  }

  async testSavedConfig(): Promise<string | null> {
    const test = await this.docker.exec(this.name, nginxTestInContainer(), { timeoutMs: EXEC_TIMEOUT_MS });
    return test.code === 0 ? null : `nginx -t in ${this.name} exited ${test.code}: ${trimNginxOutput(test.output, [CONTAINER_CONF_DIR])}`;
  }

  // An exec, not the engine's kill API: on Docker 20.10 `docker kill -s HUP` marks the container as
  // stopped by hand, and `unless-stopped` then never restarts it after a crash (measured).
  // No abort signal: cancelling `nginx -s reload` midway would leave us unsure whether it was sent.
  // On an engine of this machine the master's host pid is ours: SIGHUP from here saves the exec (~3 engine calls).
  private async reload(processes?: { pid: number; args: string }[]): Promise<number> {
    processes ??= await this.processes();
    const before = workersOf(processes);
    const master = processes.find((p) => p.args.startsWith('nginx: master process'));
    if (!(this.docker.onThisMachine && master && (await reloadMaster(master.pid)))) {
      const reload = await this.docker.exec(this.name, nginxReloadInContainer(), { timeoutMs: EXEC_TIMEOUT_MS });
      if (reload.code !== 0) throw new FerryError(`nginx reload in ${this.name} failed (exit ${reload.code}): ${trimNginxOutput(reload.output, [CONTAINER_CONF_DIR])}`);
    }
    // a pid gone before the reload is gone after it: one `docker top` instead of two
    this.oldWorkers.record(before, processes);
    return Date.now();
  }

  /**
   * Put, test, then point the live link and reload; on any failure the previous conf and link go back and nginx
   * is not reloaded. Reads that do not depend on each other go to the engine at once: every round trip is time a switch waits.
   */
  private async applyUpstream(
    target: RouterTarget | null,
    beforeChange?: SwitchOptions['beforeChange'],
    split?: Split, // its stable is `target`, which the link then names
  ): Promise<{ previousText: string | null; appliedAt: number; testedAhead: boolean }> {
    const { info, previous, link, identities, splitRender, releases, kept, inputs } = await this.planUpstream(target, split);
    const previousText = previous && withServingMarker(previous, link);
    beforeChange?.(previousText);
    // tested ahead (the same bytes, the same containers): nginx -t already took exactly what this reload loads
    const testedAhead = split !== undefined && aheadCovers(this.testedAhead, inputs);
    this.testedAhead = null;
    await this.write(info, [{ path: CONTAINER_UPSTREAM_CONF, text: inputs.upstream, mode: CONF_MODE }]);
    let appliedAt: number;
    let before: number[];
    try {
      const test = testedAhead ? null : this.testConfig('nginx rejected the new config; traffic was not switched');
      const [, processes] = await Promise.all([test, this.processes()]);
      before = workersOf(processes);
      // before the reload: workers of a conf that reads the link switch with it, the new ones load with it
      if (target) await this.write(info, liveEntries(target.colour));
      appliedAt = await this.reload(processes);
    } catch (error) {
      const back: EntryToPut[] = [...(previous !== null ? [{ path: CONTAINER_UPSTREAM_CONF, text: previous, mode: CONF_MODE }] : []), ...(link !== null ? liveEntries(liveColourOf(link)) : [])];
      if (back.length > 0) await this.write(info, back);
      throw error;
    }
    // what a restart loads keeps the serving colour's block alone (the other's container may not run then); the note
    // says what this reload loaded, once the master has read it (a signal is asynchronous: it spawns workers after)
    const reloaded = await this.masterReloaded(before);
    this.switchedWithoutReload = false;
    // a split's text is what a restart loads too (no note: no switch from it is a flip)
    if (splitRender) return { previousText, appliedAt, testedAhead };
    const loaded = reloaded ? { routerStartedAt: info.State.StartedAt, kept: Object.fromEntries(kept.map((colour) => [colour, identities[colour]!])) } : undefined;
    const restartable = renderContainerUpstreamConf(releases, kept.filter((colour) => colour === target?.colour), this.opts.upstreams, this.tokenOf(info), loaded);
    await this.write(info, [{ path: CONTAINER_UPSTREAM_CONF, text: restartable, mode: CONF_MODE }]);
    return { previousText, appliedAt, testedAhead };
  }

  /** What a change to `target` (and `split`) would write, from the router's state now; refused before anything changes. */
  private async planUpstream(target: RouterTarget | null, split?: Split) {
    const inspected = this.inspect();
    const [info, { text: previous, link, main }, identities] = await Promise.all([inspected, this.readState(inspected, split !== undefined), this.identities()]);
    this.assertRunning(info);
    const splitRender = split && (await this.splitRender(split, identities)); // refused here, before anything changes
    const releases = target && { ...(previous !== null ? releasesOf(previous) : {}), ...(split && { [split.canary.colour]: split.canary }), [target.colour]: target };
    // every colour running now gets its block: a later switch between them is the link's flip alone
    const kept = target ? COLOURS.filter((colour) => identities[colour] !== null) : [];
    const upstream = renderContainerUpstreamConf(releases, kept, this.opts.upstreams, this.tokenOf(info), undefined, splitRender);
    return { info, previous, link, identities, splitRender, releases, kept, inputs: { main, upstream, identities } satisfies ConfigInputs };
  }

  /** Whether the master has loaded the conf since a reload: it starts workers of their own once it has. */
  private masterReloaded(before: number[]): Promise<boolean> {
    return pollUntil(async () => workersOf(await this.processes()).some((pid) => !before.includes(pid)), RELOADED_TIMEOUT_MS, undefined, 5);
  }

  /** After a reload of what is on disk: nginx loaded the restartable text, not what its note says. */
  private async forgetLoaded(info: Dockerode.ContainerInspectInfo): Promise<void> {
    const { text } = await this.readState();
    if (text !== null && parseLoadedNote(text)) await this.write(info, [{ path: CONTAINER_UPSTREAM_CONF, text: withoutLoadedNote(text), mode: CONF_MODE }]);
  }

  /**
   * A colour's containers as nginx would load them: `<id>@<address on the network>` of each replica running there
   * (joined by +), else null. What a block naming the colour resolves to, and what a split maps back to it.
   */
  private async identityOf(colour: Colour): Promise<string | null> {
    const { host, replicas = 1 } = this.opts.upstreams[colour];
    // an address (a colour on the host's network, at 127.0.0.1) needs no name resolved: nginx always loads it
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
    return this.identityOfNames(Array.from({ length: replicas }, (_, i) => replicaContainer(host, i + 1)));
  }

  /** `<id>@<address>` of each named container running on the network, joined by +; null when none does. */
  private async identityOfNames(names: string[]): Promise<string | null> {
    const infos = await Promise.all(names.map((name) => this.docker.inspectRaw(name)));
    const running = infos.flatMap((info) => {
      const onNetwork = info?.State.Running === true && !info.State.Restarting ? info.NetworkSettings.Networks?.[this.network] : undefined;
      return onNetwork ? [`${info!.Id.slice(0, 12)}@${onNetwork.IPAddress}`] : [];
    });
    return running.length > 0 ? running.join('+') : null;
  }

  private async identities(): Promise<Record<Colour, string | null>> {
    const [blue, green] = await Promise.all(COLOURS.map((colour) => this.identityOf(colour)));
    return { blue: blue!, green: green! };
  }

  private notRunning(colour: Colour): FerryError {
    return new FerryError(`${colour}'s container ${this.opts.upstreams[colour].host} is not running on ${this.network}: a colour must run before a split sends it requests; nothing was changed`);
  }

  /** A split as the conf renders it: each colour's address as nginx will report it; refused when one does not run. */
  private async splitRender(split: Split, identities: Record<Colour, string | null>): Promise<SplitRender> {
    const named = await this.memberIdentities(split);
    const servers: SplitRender['servers'] = {};
    const answers = Object.fromEntries(
      COLOURS.map((colour) => {
        const { host, port } = this.opts.upstreams[colour];
        const identity = named[colour] ?? identities[colour];
        if (identity === null || identity === undefined) throw this.notRunning(colour);
        const members = split.members?.[colour];
        if (members) servers[colour] = members.map((index) => `${replicaAlias(host, index)}:${port}`);
        const addresses = identity.includes('@') ? identity.split('+').map((one) => one.split('@')[1]!) : [host];
        return [colour, addresses.map((address) => `${address}:${port}`)];
      }),
    ) as Record<Colour, string[]>;
    return { stable: split.stable.colour, canary: split.canary.colour, canaryPercent: split.canaryPercent, answers, ...(split.members && { servers }) };
  }

  /** The identities of the replicas a split names one by one (Split.members), null for a colour none of them runs. */
  private async memberIdentities(split: Split): Promise<Partial<Record<Colour, string | null>>> {
    const named: Partial<Record<Colour, string | null>> = {};
    for (const colour of COLOURS) {
      const members = split.members?.[colour];
      if (members) named[colour] = await this.identityOfNames(members.map((index) => replicaContainer(this.opts.upstreams[colour].host, index)));
    }
    return named;
  }

  /**
   * What the upstream conf needs: `unloadable` when it keeps connections open to a colour whose container does not
   * run on the network now (nginx could not load it); `behind`, the release that serves, when the kept colour is not it.
   */
  private async upstreamRepairs(): Promise<{ unloadable: boolean; behind: RouterTarget | null }> {
    const { text, link } = await this.readState();
    const kept = text === null ? [] : keptColours(text, this.opts.upstreams);
    if (text === null || kept.length === 0) return { unloadable: false, behind: null };
    const serving = usesLiveLink(text) ? servingTarget(text, link) : null;
    const identities = await Promise.all(kept.map((colour) => this.identityOf(colour)));
    return { unloadable: identities.includes(null), behind: serving && !kept.includes(serving.colour) ? serving : null };
  }

  /** The upstream conf re-rendered for the containers running now, same releases (a stopped router, before its start). */
  private async rewriteUpstream(info: Dockerode.ContainerInspectInfo): Promise<void> {
    const { text, link } = await this.readState();
    if (text === null) return;
    const serving = servingTarget(text, link);
    const kept = serving && (await this.identityOf(serving.colour)) !== null ? [serving.colour] : [];
    const releases = serving && releasesOf(text);
    await this.put(this.name, [{ path: CONTAINER_UPSTREAM_CONF, text: renderContainerUpstreamConf(releases, kept, this.opts.upstreams, this.tokenOf(info)), mode: CONF_MODE }]);
  }

  /** After a reload, also until the old workers stop accepting (one good probe may have hit a new worker by chance). */
  private confirm(target: RouterTarget | null, timeoutMs: number, signal?: AbortSignal, reloaded = true): Promise<number> {
    return confirmSwitch({
      target,
      probe: (sig) => this.probe(sig),
      oldWorkersStoppedAccepting: reloaded ? () => this.oldWorkers.stoppedAccepting() : () => Promise.resolve(true),
      timeoutMs,
      signal,
      where: `${this.title} on ${hostPort(this.opts.probeAt)}`,
      seeAlso: `docker logs ${this.name}`,
    });
  }

}

const workersOf = (processes: { pid: number; args: string }[]): number[] =>
  processes.filter((p) => p.args.includes('nginx: worker process')).map((p) => p.pid);
