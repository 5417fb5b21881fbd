import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { childPids, describeFailure, isProcessAlive, readCmdline, readTextOrNull, writeFileAtomic } from '@ferry/shared';
import { FerryError } from '../../errors.js';
import { nginxReopenArgv, nginxStartArgv, nginxStopArgv, nginxTestArgv, routerPaths } from './nginx-argv.js';
import { renderMainConf, renderUpstreamConf, parseUpstreamConf, hostPort, listenOf } from './nginx-config.js';
import { execNginx } from './nginx-exec.js';
import { prepareLogFiles, rotateLogs } from './log-files.js';
import { pollUntil } from './poll.js';
import { probeRouter } from './probe.js';
import { applyThenConfirm, confirmSwitch } from './confirm.js';
import { assertPortsOpen, hostSplitOf, renderHostSplitConf } from './host-split.js';
import { changeSplit, keptOpenProbes } from './split-change.js';
import { childrenOfMaster, OldWorkers, type NginxProcess } from './old-workers.js';
import { assertConfigAccepted, assertListenFree, defaultNginxBin, portInUseError, resolveNginx } from './preflight.js';
import { assertCreatable, assertWorkersCanReach } from './worker-access.js';
import type { Colour } from '../../config/types.js';
import type { AccessCursor, ColourEndpoint, LiveProbe, Router, RouterPaths, RouterTarget, Split, SplitOptions, SplitResult, SwitchOptions, SwitchResult } from './types.js';
import { readAccessFile } from './access-log.js';
import type { ProbeSample } from '../../planning/probe-figures.js';

export interface NginxRouterOptions {
  stateDir: string;
  app: string;
  env: string;
  listen: { host: string; port: number };
  probeAt?: { host: string; port: number }; // where ferry reaches the router (router/public_url); default: listen
  drainMs: number;
  snippet?: string;
  bin?: string; // nginx binary, default `nginx` on PATH, else /usr/sbin/nginx
  asRoot?: boolean; // default: whether this process runs as root (then nginx's workers run as nobody)
}

const START_TIMEOUT_MS = 5000;
const STOP_GRACE_MS = 3000;
// The router's config files stay readable as they always were (state files are private by default).
const CONF_FILE = { mode: 0o644 };

export { SwitchUnconfirmedError } from './confirm.js';

/** One nginx per environment, run from `<stateDir>/router` (its workers' temp dir: see routerPaths). */
export class NginxRouter implements Router {
  readonly paths: RouterPaths;
  readonly title = 'nginx';
  private readonly bin: string;
  private readonly asRoot: boolean;
  // workers that were serving before our last reload: the drain is over when they are gone
  private readonly oldWorkers = new OldWorkers(() => this.processes());

  constructor(private readonly opts: NginxRouterOptions) {
    this.asRoot = opts.asRoot ?? process.geteuid?.() === 0;
    this.paths = routerPaths({ stateDir: opts.stateDir, app: opts.app, env: opts.env, asRoot: this.asRoot });
    this.bin = opts.bin ?? defaultNginxBin();
  }

  readAccessLog(cursor: AccessCursor | null): Promise<{ samples: ProbeSample[]; cursor: AccessCursor }> {
    return readAccessFile(this.paths.accessLog, cursor);
  }

  /** The host router's colours publish a port on this machine's loopback. */
  async colourEndpoint(_colour: Colour, port: number, path: string): Promise<ColourEndpoint> {
    return { url: `http://127.0.0.1:${port}${path}`, headers: {} };
  }

  /** The pid of OUR nginx master, or null when it is not running. */
  async masterPid(): Promise<number | null> {
    const text = await readTextOrNull(this.paths.pidFile);
    const pid = Number(text?.trim());
    if (!Number.isInteger(pid) || pid <= 0 || !(await isProcessAlive(pid))) return null;
    // a stale pid file may name a recycled pid: the master's title carries our -c path
    const cmdline = await readCmdline(pid);
    return cmdline.includes('nginx') && cmdline.includes(this.paths.mainConf) ? pid : null;
  }

  async isRunning(): Promise<boolean> {
    return (await this.masterPid()) !== null;
  }

  /** Current worker pids of our master (serving and shutting-down ones). */
  async workerPids(): Promise<number[]> {
    const master = await this.masterPid();
    return master === null ? [] : childPids(master);
  }

  /**
   * What the router needs and Ferry cannot fix, checked before anything changes (ConfigError, exit 2):
   * nginx installed, its directories creatable and reachable by the workers, the listen address free
   * (unless our own nginx holds it), and a config nginx accepts.
   */
  async preflight(): Promise<void> {
    const bin = resolveNginx(this.bin);
    const mainText = this.renderMain();
    await assertCreatable(this.paths.dir, 'state_dir');
    await assertCreatable(this.paths.tmpDir, 'router');
    await assertWorkersCanReach(this.paths.tmpDir, this.asRoot);
    const running = await readTextOrNull(this.paths.mainConf);
    const ownsListen = running !== null && listenOf(running) === listenOf(mainText) && (await this.isRunning());
    if (!ownsListen) await assertListenFree(this.opts.listen);
    await assertConfigAccepted(this.opts, this.paths.dir, bin);
  }

  /** `nginx -t` of the config this environment would run, in a scratch dir (ferry config check); exit 2 when nginx refuses it. Returns the binary. */
  async checkConfig(): Promise<string> {
    const bin = resolveNginx(this.bin);
    await assertConfigAccepted(this.opts, this.paths.dir, bin);
    return bin;
  }

  async ensureRunning(): Promise<void> {
    await mkdir(dirname(this.paths.tmpDir), { recursive: true, mode: 0o755 });
    await mkdir(this.paths.tmpDir, { recursive: true });
    await chmod(this.paths.tmpDir, 0o711); // the workers only pass through: nginx makes each temp dir theirs, mode 0700
    await mkdir(this.paths.dir, { recursive: true });
    await prepareLogFiles(this.paths); // before `nginx -t`, which would create them 0644
    const rotated = await rotateLogs(this.paths);
    const mainText = this.renderMain();
    const previousMain = await readTextOrNull(this.paths.mainConf);
    const mainChanged = previousMain !== mainText;
    if (mainChanged) await writeFileAtomic(this.paths.mainConf, mainText, CONF_FILE);
    if ((await readTextOrNull(this.paths.upstreamConf)) === null) {
      await writeFileAtomic(this.paths.upstreamConf, renderUpstreamConf(null), CONF_FILE);
    }
    const running = await this.isRunning();
    // nothing to load: the next switch tests its config before its reload anyway
    if (running && !mainChanged) {
      if (rotated) await this.reopenLogs();
      return;
    }
    const test = await execNginx(nginxTestArgv(this.paths, this.bin));
    if (test.code !== 0) {
      // a broken main conf left on disk would make every later switch fail its test
      if (mainChanged && previousMain !== null) await writeFileAtomic(this.paths.mainConf, previousMain, CONF_FILE);
      throw new FerryError(describeFailure(`nginx rejected ${this.paths.mainConf} (check router/snippet)`, test));
    }
    if (running) await this.reload();
    else await this.start();
  }

  // a reload reopens the logs too; otherwise the master keeps writing to the renamed file
  private async reopenLogs(): Promise<void> {
    const reopen = await execNginx(nginxReopenArgv(this.paths, this.bin));
    if (reopen.code !== 0) throw new FerryError(describeFailure('nginx could not reopen its logs', reopen));
  }

  async readUpstreamText(): Promise<string | null> {
    return readTextOrNull(this.paths.upstreamConf);
  }

  async readActive(): Promise<RouterTarget | null> {
    const text = await this.readUpstreamText();
    return text === null ? null : parseUpstreamConf(text);
  }

  async startOn(target: RouterTarget): Promise<void> {
    await writeFileAtomic(this.paths.upstreamConf, renderUpstreamConf(target), CONF_FILE);
    await this.ensureRunning();
  }

  async testSavedConfig(): Promise<string | null> {
    const test = await execNginx(nginxTestArgv(this.paths, this.bin));
    return test.code === 0 ? null : describeFailure(`nginx rejected ${this.paths.mainConf}`, test);
  }

  probe(signal?: AbortSignal): Promise<LiveProbe | null> {
    return probeRouter(this.opts.probeAt ?? this.opts.listen, { signal, timeoutMs: 1000 });
  }

  async switchTo(
    target: RouterTarget | null,
    opts: SwitchOptions = {},
  ): Promise<SwitchResult> {
    const text = renderUpstreamConf(target);
    return applyThenConfirm(
      () => this.applyUpstream(text, opts.signal, opts.beforeChange),
      () => this.confirm(target, opts.confirmTimeoutMs ?? 5000, opts.signal),
    );
  }

  /** One backend listing both colours' ports by weight (host-split.ts); 0 and 100 % a switch to one. */
  setSplit(split: Split, opts: SplitOptions = {}): Promise<SplitResult> {
    return changeSplit(
      {
        assertRuns: assertPortsOpen,
        switchTo: (target, switchOpts) => this.switchTo(target, switchOpts),
        applySplit: async (wanted, beforeChange) => ({ appliedAt: (await this.applyUpstream(renderHostSplitConf(wanted), opts.signal, beforeChange)).appliedAt }),
        oldWorkersStoppedAccepting: () => this.oldWorkers.stoppedAccepting(),
        probeSession: () => keptOpenProbes(false, (signal, agent, timeoutMs) => probeRouter(this.opts.probeAt ?? this.opts.listen, { signal, timeoutMs, agent })),
        // not cut short by the signal that may have ended the change
        restoreUpstream: (text) => this.restoreUpstream(text, { confirmTimeoutMs: opts.confirmTimeoutMs }),
        where: `router on ${hostPort(this.opts.probeAt ?? this.opts.listen)}`,
      },
      split,
      opts,
    );
  }

  async readSplit(): Promise<Split | null> {
    const text = await this.readUpstreamText();
    return text === null ? null : hostSplitOf(text);
  }

  /** Puts back an upstream text saved before a switch (rollback), and confirms it serves again. */
  async restoreUpstream(text: string, opts: { signal?: AbortSignal; confirmTimeoutMs?: number } = {}): Promise<void> {
    const split = hostSplitOf(text);
    // a split comes back as a split, confirmed by its count
    if (split) return void (await this.setSplit(split, opts));
    const target = parseUpstreamConf(text);
    await this.applyUpstream(text, opts.signal);
    await this.confirm(target, opts.confirmTimeoutMs ?? 5000, opts.signal);
  }

  waitForDrain(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<{ drained: boolean; waitedMs: number }> {
    return this.oldWorkers.waitForDrain(opts);
  }

  /** Stops nginx gracefully, then deletes every file the router owns; returns the paths that were there. */
  async remove(): Promise<string[]> {
    await this.stop();
    const deleted: string[] = [];
    for (const path of new Set([this.paths.dir, this.paths.tmpDir])) {
      if (!existsSync(path)) continue;
      await rm(path, { recursive: true, force: true });
      deleted.push(path);
    }
    return deleted;
  }

  async stop(): Promise<void> {
    const pid = await this.masterPid();
    if (pid === null) return;
    const quit = await execNginx(nginxStopArgv(this.paths, this.bin));
    if (quit.code !== 0) throw new FerryError(describeFailure('could not stop nginx', quit));
    await this.waitForExit(pid);
  }

  /**
   * SIGQUIT to our own master, what `nginx -s quit` sends, without first parsing the config: the
   * listeners close at once and in-flight requests finish. Returns the master's pid (null: none ran).
   */
  async quitNow(): Promise<number | null> {
    const pid = await this.masterPid();
    if (pid !== null) process.kill(pid, 'SIGQUIT');
    return pid;
  }

  /** Until the master has exited (after its drain); past the drain cap it gets nginx's fast shutdown. */
  async waitForExit(pid: number): Promise<void> {
    // graceful quit lets in-flight requests finish, which worker_shutdown_timeout caps at the drain time
    const gone = () => isProcessAlive(pid).then((alive) => !alive);
    if (await pollUntil(gone, this.opts.drainMs + STOP_GRACE_MS)) return;
    try {
      process.kill(pid, 'SIGTERM'); // nginx's fast shutdown, only for our own master
    } catch {
      // it exited between the poll and the signal
    }
    if (!(await pollUntil(gone, STOP_GRACE_MS))) {
      throw new FerryError(`nginx master ${pid} (${this.paths.mainConf}) did not exit; stop it by hand: kill ${pid}`);
    }
  }

  private renderMain(): string {
    return renderMainConf({ ...this.opts, dir: this.paths.dir, tmpDir: this.paths.tmpDir });
  }

  private async start(): Promise<void> {
    const started = await execNginx(nginxStartArgv(this.paths, this.bin));
    if (started.code !== 0) {
      if (/Address already in use/.test(started.stderr)) throw portInUseError(this.opts.listen);
      throw new FerryError(describeFailure('could not start nginx', started));
    }
    // with `daemon on` the launcher returns before the master has surely written its pid file
    if (!(await pollUntil(() => this.isRunning(), START_TIMEOUT_MS))) {
      throw new FerryError(`nginx started but no master process appeared within ${START_TIMEOUT_MS}ms; see ${this.paths.errorLog}`);
    }
  }

  // SIGHUP to our own master is what `nginx -s reload` sends, without a process that parses the whole
  // config again only to find the pid file (most of a switch's time). `nginx -t` has already run.
  private async reload(): Promise<number> {
    const master = await this.masterPid();
    if (master === null) throw new FerryError(`nginx reload failed: no live master in ${this.paths.pidFile}`);
    const before = await this.processes();
    process.kill(master, 'SIGHUP');
    this.oldWorkers.record(before.map((p) => p.pid), before);
    return Date.now();
  }

  /** Write, test, reload; on any failure the previous text goes back and nginx is not reloaded. */
  private async applyUpstream(
    text: string,
    signal?: AbortSignal,
    beforeChange?: SwitchOptions['beforeChange'],
  ): Promise<{ previousText: string | null; appliedAt: number }> {
    if (!(await this.isRunning())) {
      throw new FerryError(`nginx for ${this.opts.app}/${this.opts.env} is not running (no live master in ${this.paths.pidFile}); start the router first`);
    }
    const previousText = await this.readUpstreamText();
    beforeChange?.(previousText);
    const putBack = () =>
      previousText === null ? rm(this.paths.upstreamConf, { force: true }) : writeFileAtomic(this.paths.upstreamConf, previousText, CONF_FILE);
    await writeFileAtomic(this.paths.upstreamConf, text, CONF_FILE);
    try {
      const test = await execNginx(nginxTestArgv(this.paths, this.bin), { signal });
      if (test.code !== 0) {
        throw new FerryError(describeFailure('nginx rejected the new config; traffic was not switched', test));
      }
      return { previousText, appliedAt: await this.reload() };
    } catch (error) {
      await putBack();
      throw error;
    }
  }

  private confirm(target: RouterTarget | null, timeoutMs: number, signal?: AbortSignal): Promise<number> {
    return confirmSwitch({
      target,
      probe: (sig) => this.probe(sig),
      oldWorkersStoppedAccepting: () => this.oldWorkers.stoppedAccepting(),
      timeoutMs,
      signal,
      where: `router on ${hostPort(this.opts.probeAt ?? this.opts.listen)}`,
      seeAlso: this.paths.errorLog,
    });
  }

  /** Our master's children with their titles: what the old-worker tracker reads. */
  private async processes(): Promise<NginxProcess[]> {
    const master = await this.masterPid();
    if (master === null) return [];
    return childrenOfMaster(master);
  }
}
