import type { Colour } from '../../config/types.js';
import type { ProbeSample } from '../../planning/probe-figures.js';

/** What the router sends traffic to. */
export interface RouterTarget {
  colour: Colour;
  port: number; // host port on 127.0.0.1
  version: string; // tag, recorded in the config as a marker comment
}

export interface SwitchOptions {
  signal?: AbortSignal;
  confirmTimeoutMs?: number;
  // called with the state the router read (what a restore puts back) before it changes anything: the caller's undo needs no read of its own
  beforeChange?: (previousText: string | null) => void;
  // write every file anew, nginx -t, reload: never the link's flip alone (`ferry repair`: what nginx loaded may not be Ferry's)
  fresh?: boolean;
}

export interface SwitchResult {
  previous: RouterTarget | null;
  appliedAt: number; // epoch ms when the new routing took effect: the reload returned, or the live link flipped (router container)
  confirmedAt: number; // epoch ms when a probe through the router first answered from the target
  warning?: string; // the switch stands, confirmed, but something after it did not happen (named)
}

/** A weighted split of the requests without a preview header between two colours (a canary). */
export interface Split {
  stable: RouterTarget;
  canary: RouterTarget;
  canaryPercent: number; // integer 0..100; 0 and 100 end the split (one colour serves alone)
  // the replicas (1-based) a colour's share goes to, each by name (a rolling update drains one before it stops); else all it runs
  members?: Partial<Record<Colour, number[]>>;
}

export interface SplitOptions {
  signal?: AbortSignal;
  confirmProbes?: number; // probe requests counted through the router after the change (default 200)
  confirmTimeoutMs?: number; // for the old workers to stop accepting before the count (default 5000)
  // as SwitchOptions: the text a restore puts back, before anything changes
  beforeChange?: (previousText: string | null) => void;
}

/** What the probes through the router saw after a split change (split-share.ts judges it). */
export interface SplitObservation {
  probes: number; // requests sent
  counted: number; // answered by a colour: what the share is of
  answered: Record<Colour, number>; // by the X-Ferry-Colour of each answer
  unanswered: number; // no answer in time (sent again, up to unansweredAllowed)
  routerErrors: number; // answered, but not by a colour of ours (an error of the router itself)
  canaryShare: number; // answered by the canary colour / counted, 0..1
  expectedShare: number; // canaryPercent / 100
  tolerance: number; // |canaryShare - expectedShare| allowed, 0..1
}

export interface SplitResult {
  split: Split;
  appliedAt: number; // epoch ms: the reload returned (nginx -t passed)
  effectiveAt: number; // epoch ms: every worker accepting connections had loaded it (a switch: when applied); a canary step counts from here
  confirmedAt: number; // epoch ms: the count through the router was within tolerance
  observed: SplitObservation;
  testedAhead?: boolean; // its nginx -t ran ahead, on the same bytes (testSplitAhead): the change wrote and reloaded only
}

export interface LiveProbe {
  colour: Colour | null; // from the X-Ferry-Colour response header
  upstream: string | null; // from X-Ferry-Upstream ($upstream_addr)
  status: number;
}

/** Every file the router owns: under `<stateDir>/router`, except the workers' temp dir when run as root. */
export interface RouterPaths {
  dir: string;
  mainConf: string;
  upstreamConf: string;
  pidFile: string;
  errorLog: string;
  accessLog: string;
  tmpDir: string;
}

/**
 * The Router port: render + apply + confirm + drain. Implemented by the host nginx process
 * (NginxRouter) and by a router container on the environment's engine (ContainerRouter).
 */
export interface Router {
  /** What the router needs and Ferry cannot fix, before anything changes (ConfigError, exit 2). */
  preflight(): Promise<void>;
  /** Running on its current config (started or its main config re-applied when that changed). */
  ensureRunning(): Promise<void>;
  isRunning(): Promise<boolean>;
  readUpstreamText(): Promise<string | null>;
  readActive(): Promise<RouterTarget | null>;
  probe(signal?: AbortSignal): Promise<LiveProbe | null>;
  /** Start a router that is down on a config written anew for `target`, whatever its files hold (`ferry repair`). */
  startOn(target: RouterTarget): Promise<void>;
  /** `nginx -t` of the config it would load on a restart: null when it loads, else nginx's words (trimmed). */
  testSavedConfig(): Promise<string | null>;
  switchTo(target: RouterTarget | null, opts?: SwitchOptions): Promise<SwitchResult>;
  /**
   * Requests without a preview header split by weight between two colours: atomic write, `nginx -t`, graceful
   * reload, then confirmed by `confirmProbes` requests through the router; 0 and 100 end the split (switchTo the
   * stable or the canary). Refused (nothing changed) when a colour it sends traffic to does not run; unconfirmed:
   * the previous config restored, then SplitUnconfirmedError.
   */
  setSplit(split: Split, opts?: SplitOptions): Promise<SplitResult>;
  /** The config of a split tested ahead, changing nothing that serves, so its setSplit need not test it (where the router can). */
  testSplitAhead?(split: Split): Promise<void>;
  /** The split the router's own config records, or null (one colour serves alone). */
  readSplit(): Promise<Split | null>;
  restoreUpstream(text: string, opts?: { signal?: AbortSignal; confirmTimeoutMs?: number }): Promise<void>;
  waitForDrain(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<{ drained: boolean; waitedMs: number }>;
  /** Stops it gracefully and deletes what it owns; returns what was deleted (paths, or container and network names). */
  remove(): Promise<string[]>;
  stop(): Promise<void>;
  /**
   * The requests its access log holds since `cursor` (null: none, only a cursor at now), as samples of what users got;
   * nginx writes the log in buffers (up to a second late): a read right after a request may not hold it yet.
   */
  readAccessLog(cursor: AccessCursor | null): Promise<{ samples: ProbeSample[]; cursor: AccessCursor }>;
  /** What `ferry status` calls it: "nginx" or "router container demo-staging-router". */
  readonly title: string;
  /** How ferry reaches one colour for its health checks, whichever colour is active: a URL and the headers to send. */
  colourEndpoint(colour: Colour, port: number, path: string): Promise<ColourEndpoint>;
}

/** Where a read of the access log ended: the engine's clock for a router container, a byte offset for the host's file. */
export interface AccessCursor {
  at: number; // epoch ms
  offset: number; // bytes into the host router's access.log
}

export interface ColourEndpoint {
  url: string;
  headers: Record<string, string>;
}
