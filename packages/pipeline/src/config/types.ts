import type { RollingBatch } from './rolling-schema.js';
// The validated, normalised environment: paths absolute, durations in milliseconds.
import type { EngineAddress } from './engine-host.js';

export type { EngineAddress } from './engine-host.js';
export type Colour = 'blue' | 'green';
export const COLOURS: readonly Colour[] = ['blue', 'green'];

export interface BuildConfig {
  context: string; // absolute
  dockerfile: string; // relative to context
  args: Record<string, string>;
}

export interface RegistryConfig {
  url: string; // host[:port], e.g. 127.0.0.1:5000
  usernameEnv?: string; // name of the process env var holding the user
  passwordEnv?: string; // name of the process env var holding the password
}

export interface EnvironmentConfig {
  name: string; // environment name: the YAML file's stem
  file: string; // absolute path of the YAML file
  dir: string; // absolute directory holding the YAML file
  app: string;
  image: { name: string; build?: BuildConfig; registry?: RegistryConfig };
  container: {
    port: number;
    network: 'bridge' | 'host';
    envFile?: string; // absolute
    env: Record<string, string>; // env_file values overlaid by `env:` values; never secrets
    secrets: string[]; // names only; values are read from process.env at deploy time
    replicas: number; // containers per colour, each behind the router's upstream
  };
  health: { path: string; intervalMs: number; timeoutMs: number; deployTimeoutMs: number; failureThreshold: number };
  router: {
    driver: 'nginx';
    runtime: 'host' | 'container'; // host nginx process, or a container on the environment's engine
    runtimeDefaulted?: true; // the file does not set router/runtime: a host router still serving it is not silently replaced
    image: string; // the router container's image (runtime container)
    listen: { host: string; port: number };
    publicUrl?: { host: string; port: number }; // router/public_url: where ferry reaches the router, when set
    ports?: Record<Colour, number>; // the colours' host ports: always set with runtime host, unused with runtime container
    drainMs: number;
    snippet?: string; // extra nginx directives placed inside the server block
    tls?: RouterTls; // router/listen serves HTTPS (HTTP/2); runtime container only
    httpListen?: { host: string; port: number }; // plain HTTP beside HTTPS
    redirectHttp?: true; // http_listen answers 308 to https instead of proxying
    previewListen?: { host: string; port: number }; // router/preview_listen: every request to the colour that does not serve
  };
  engine: EngineConfig;
  strategy: { type: StrategyType; monitorMs: number; keepPrevious: boolean; retain: number; autoPromote?: false; canary: CanaryConfig; rolling: { batch: RollingBatch; order: 'start-first' } }; // autoPromote false: deploys stop staged
  approval: 'none' | 'required';
  database?: DatabaseConfig;
  probe: { rate: number; path: string }; // traffic through the router during switch and monitor
  verify?: VerifyConfig;
  scan: ScanConfig;
  loadtest?: LoadtestConfig;
  notify?: { webhookEnv: string }; // NAME of the variable holding a Slack-compatible webhook url (a secret)
  stateDir: string; // absolute
  stateDirInCheckout: boolean; // state_dir_in_checkout: true was set explicitly
  warnings: string[]; // keys accepted but no longer used with these settings, each named (see unused-keys.ts)
}

export type StrategyType = 'blue-green' | 'canary' | 'rolling';

/** strategy.steps/step_duration/analysis, used when the strategy is canary (the file's or `--strategy canary`). */
export interface CanaryConfig {
  steps: CanaryStep[]; // the watched steps, weights below 100 in increasing order; 100 (the switch) follows the last
  analysis: CanaryAnalysis;
}

export interface CanaryStep {
  weight: number; // percent of requests to the new version, 1-99
  durationMs: number; // how long the step is watched (its own duration, else step_duration)
  pause: boolean; // held after its duration until `ferry promote` (or `ferry abort`)
}

export interface CanaryAnalysis {
  maxErrorRate: number; // fraction of the canary's requests in a step that may fail (0.01 = 1 %)
  maxP95Ms?: number; // the canary's p95 in the step
  maxP95Ratio?: number; // the canary's p95 / the stable version's p95 in the same step
  minRequests: number; // fewer canary requests in a step: inconclusive, the step is extended
  maxExtensions: number; // how many times an inconclusive step is extended before it fails
  prometheus?: PrometheusCheck;
}

/** strategy.analysis.prometheus: at the end of each step, one instant query whose value must stay within the limits. */
export interface PrometheusCheck {
  url: string; // where Prometheus answers /api/v1/query, no trailing slash
  query: string; // PromQL, with {{placeholders}} (planning/metric-query.ts) filled per step
  max?: number;
  min?: number;
  timeoutMs: number;
}

/** Where the router's PEM comes from: absolute file paths, or NAMES of variables (read at deploy time, never stored). */
export type RouterTls = { certificateFile: string; keyFile: string } | { certificateEnv: string; keyEnv: string };

/** Where the engine is, as the loader resolves it against DOCKER_HOST (the file's timeouts come on top). */
export type EngineAddresses = Pick<EngineConfig, 'host' | 'source' | 'build'>;

export interface EngineConfig {
  host: EngineAddress; // the engine the environment's containers run on
  source: 'engine.host' | 'DOCKER_HOST' | 'default';
  build: EngineAddress; // where images are built and looked up: DOCKER_HOST, else the local socket
  requestTimeoutMs: number; // bound of every short call (engine.request_timeout)
  streamIdleTimeoutMs: number; // longest silence of a build/push/import stream (engine.stream_idle_timeout)
}

export interface DatabaseConfig {
  urlEnv: string; // name of the process env var holding the connection url; also passed to the app
  backupRetain: number;
  migrate?: string[]; // argv run in a one-off container of the new image
  dryRun?: string[];
  verify?: string[];
  timeoutMs: number; // bound for each one-off command
  restoreOnFailure: boolean; // a failure after the migration restores the backup
}

/** What `ferry validate` and the post-switch verify step check against the live deployment. */
export interface VerifyConfig {
  endpoints: { path: string; status: number[]; json?: Record<string, string | number | boolean> }[];
  maxP95Ms: number;
  samples: number; // sequential requests per endpoint for the p95
  concurrency: number; // parallel health checks that must all pass
  database?: string; // e.g. /health/database
  redis?: string;
  metrics?: string; // Prometheus text
  marker?: { path: string }; // rollback integrity: POST {body: marker} before, GET must still list it after
  version?: VersionCheckConfig; // opt-in: without it no check compares the deployment's version with the tag
  afterSwitch: boolean; // run the smoke suite inside the deploy's monitor window
}

/** `verify.version`: a JSON field (dotted path) equal to the active tag, or a body matching a pattern with {tag}. */
export type VersionCheckConfig = { path: string; jsonField: string } | { path: string; bodyMatches: string };

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';

export interface ScanConfig {
  required: boolean; // trivy missing: exit 2 instead of skipping the step
  failOn: Severity[];
  ignoreUnfixed: boolean;
  ignoreFile?: string; // absolute
  sarif?: string; // absolute path of the SARIF file to write
  timeoutMs: number;
}

export interface LoadtestConfig {
  scenario: 'smoke' | 'load' | 'stress' | 'spike';
  afterSwitch: boolean; // run as a deploy gate after the switch; a failure rolls back
  engine: 'auto' | 'k6' | 'fallback'; // auto: k6 when on PATH, else the Node fallback engine
  rate?: number; // overrides a constant-rate scenario's rate
  durationMs?: number;
  paths?: string[];
  thresholds: Record<string, string[]>;
}
