import path from 'node:path';
import type { DatabaseConfig, EngineAddresses, EnvironmentConfig, VerifyConfig, VersionCheckConfig } from './types.js';
import { normaliseTls } from './router-tls.js';
import { normaliseCanary } from './normalise-canary.js';
import type { EnvironmentFile } from './schema.js';

export interface FileContext {
  name: string; // environment name
  file: string; // absolute YAML path
  envFileVars: Record<string, string>; // variables read from env_file
  defaultStateDir: string; // absolute; used when the file sets no state_dir
  engine: EngineAddresses; // resolved against DOCKER_HOST by the loader
  warnings: string[]; // keys accepted but unused
  runtimeDefaulted?: boolean; // the file does not set router/runtime
}

/** The validated file in the shape the pipeline uses: camelCase, absolute paths, ms durations. */
export function normalise(raw: EnvironmentFile, { name, file, envFileVars, defaultStateDir, engine, warnings, runtimeDefaulted }: FileContext): EnvironmentConfig {
  const dir = path.dirname(file);
  const { build, registry } = raw.image;
  return {
    name,
    file,
    dir,
    app: raw.app,
    image: {
      name: raw.image.name,
      ...(build && { build: { context: path.resolve(dir, build.context), dockerfile: build.dockerfile, args: build.args } }),
      ...(registry && {
        registry: {
          url: registry.url,
          ...(registry.username_env !== undefined && { usernameEnv: registry.username_env }),
          ...(registry.password_env !== undefined && { passwordEnv: registry.password_env }),
        },
      }),
    },
    container: {
      port: raw.container.port,
      network: raw.container.network,
      ...(raw.container.env_file !== undefined && { envFile: path.resolve(dir, raw.container.env_file) }),
      env: { ...envFileVars, ...raw.container.env },
      // The app needs the database too; listing it as a secret also keeps it out of every output.
      secrets: withDatabaseSecret(raw.container.secrets, raw.database?.url_env),
      replicas: raw.container.replicas,
    },
    health: {
      path: raw.health.path,
      intervalMs: raw.health.interval,
      timeoutMs: raw.health.timeout,
      deployTimeoutMs: raw.health.deploy_timeout,
      failureThreshold: raw.health.failure_threshold,
    },
    router: {
      driver: raw.router.driver,
      runtime: raw.router.runtime ?? 'container', // settled by the loader (router-runtime.ts)
      ...(runtimeDefaulted && { runtimeDefaulted: true }),
      image: raw.router.image,
      listen: raw.router.listen,
      ...(raw.router.public_url && { publicUrl: { host: raw.router.public_url.host, port: raw.router.public_url.port } }),
      ...(raw.router.ports && { ports: raw.router.ports }),
      drainMs: raw.router.drain,
      ...(raw.router.snippet !== undefined && { snippet: raw.router.snippet }),
      ...(raw.router.tls && { tls: normaliseTls(raw.router.tls, dir) }),
      ...(raw.router.http_listen && { httpListen: raw.router.http_listen }),
      ...(raw.router.redirect_http && { redirectHttp: true }),
      ...(raw.router.preview_listen && { previewListen: raw.router.preview_listen }),
    },
    engine: { ...engine, requestTimeoutMs: raw.engine.request_timeout, streamIdleTimeoutMs: raw.engine.stream_idle_timeout },
    strategy: {
      type: raw.strategy.type,
      monitorMs: raw.strategy.monitor,
      keepPrevious: raw.strategy.keep_previous,
      retain: raw.strategy.retain,
      ...(!raw.strategy.auto_promote && { autoPromote: false as const }),
      canary: normaliseCanary(raw.strategy.steps, raw.strategy.step_duration, raw.strategy.analysis),
      rolling: { batch: raw.strategy.batch, order: raw.strategy.order },
    },
    approval: raw.approval,
    ...(raw.database && { database: normaliseDatabase(raw.database) }),
    probe: { rate: raw.probe.rate, path: raw.probe.path ?? raw.health.path },
    ...(raw.verify && { verify: normaliseVerify(raw.verify) }),
    scan: {
      required: raw.scan.required,
      failOn: raw.scan.fail_on,
      ignoreUnfixed: raw.scan.ignore_unfixed,
      ...(raw.scan.ignore_file !== undefined && { ignoreFile: path.resolve(dir, raw.scan.ignore_file) }),
      ...(raw.scan.sarif !== undefined && { sarif: path.resolve(dir, raw.scan.sarif) }),
      timeoutMs: raw.scan.timeout,
    },
    ...(raw.loadtest && {
      loadtest: {
        scenario: raw.loadtest.scenario,
        afterSwitch: raw.loadtest.after_switch,
        engine: raw.loadtest.engine,
        ...(raw.loadtest.rate !== undefined && { rate: raw.loadtest.rate }),
        ...(raw.loadtest.duration !== undefined && { durationMs: raw.loadtest.duration }),
        ...(raw.loadtest.paths && { paths: raw.loadtest.paths }),
        thresholds: raw.loadtest.thresholds,
      },
    }),
    ...(raw.notify && { notify: { webhookEnv: raw.notify.webhook_env } }),
    stateDir: raw.state_dir === undefined ? defaultStateDir : path.resolve(dir, raw.state_dir),
    stateDirInCheckout: raw.state_dir_in_checkout,
    warnings,
  };
}

function withDatabaseSecret(secrets: string[], urlEnv: string | undefined): string[] {
  return urlEnv === undefined || secrets.includes(urlEnv) ? secrets : [...secrets, urlEnv];
}

function normaliseDatabase(db: NonNullable<EnvironmentFile['database']>): DatabaseConfig {
  return {
    urlEnv: db.url_env,
    backupRetain: db.backup.retain,
    ...(db.migrate && { migrate: db.migrate }),
    ...(db.dry_run && { dryRun: db.dry_run }),
    ...(db.verify && { verify: db.verify }),
    timeoutMs: db.timeout,
    restoreOnFailure: db.restore_on_failure,
  };
}

function normaliseVerify(v: NonNullable<EnvironmentFile['verify']>): VerifyConfig {
  return {
    endpoints: v.endpoints.map((e) => ({ path: e.path, status: Array.isArray(e.status) ? e.status : [e.status], ...(e.json && { json: e.json }) })),
    maxP95Ms: v.max_p95_ms,
    samples: v.samples,
    concurrency: v.concurrency,
    ...(v.database && { database: v.database }),
    ...(v.redis && { redis: v.redis }),
    ...(v.metrics && { metrics: v.metrics }),
    ...(v.marker && { marker: v.marker }),
    ...(v.version && { version: normaliseVersion(v.version) }),
    afterSwitch: v.after_switch,
  };
}

function normaliseVersion({ path, json_field: jsonField, body_matches: bodyMatches }: NonNullable<NonNullable<EnvironmentFile['verify']>['version']>): VersionCheckConfig {
  // The schema admits exactly one of the two forms.
  return jsonField !== undefined ? { path, jsonField } : { path, bodyMatches: bodyMatches! };
}
