import { z } from 'zod';
import { duration, engineHost, imageName, listen, port, publicUrl, registryUrl, scalarMap, varName } from './fields.js';
import { APP_NAME } from './names.js';
import { versionCheck } from './version-check.js';
import { rollingBatch, rollingOrder } from './rolling-schema.js';
import { canaryAnalysis, canarySteps, stepDuration } from './canary-schema.js';

// The shape of an environment file as written (snake_case); defaults live here and in README.md.
const build = z
  .object({
    context: z.string().min(1, 'should be a directory path'),
    dockerfile: z.string().min(1, 'should be a file path').default('Dockerfile'),
    args: scalarMap.default({}),
  })
  .strict();

const registry = z
  .object({ url: registryUrl, username_env: varName.optional(), password_env: varName.optional() })
  .strict();

const image = z.object({ name: imageName, build: build.optional(), registry: registry.optional() }).strict();

const container = z
  .object({
    port,
    network: z.enum(['bridge', 'host']).default('bridge'),
    env_file: z.string().min(1, 'should be a file path').optional(),
    env: scalarMap.default({}),
    secrets: z.array(varName).default([]),
    // containers per colour, all behind the router's upstream (router/runtime container, network bridge)
    replicas: z.number().int('should be a whole number ≥ 1').min(1, 'should be a whole number ≥ 1').max(32, 'should be at most 32').default(1),
  })
  .strict();

const health = z
  .object({
    path: z.string().regex(/^\/\S*$/, 'should start with "/" and contain no spaces').default('/health'),
    interval: duration(1).default('1s'),
    timeout: duration(1).default('2s'),
    deploy_timeout: duration(1).default('60s'),
    failure_threshold: z.number().int('should be a whole number').min(1, 'should be at least 1').default(3),
  })
  .strict();

// The router's certificate and key: PEM files on the machine running ferry, or variables holding PEM (secrets).
const tls = z
  .object({
    certificate_file: z.string().min(1, 'should be a file path').optional(),
    key_file: z.string().min(1, 'should be a file path').optional(),
    certificate_env: varName.optional(),
    key_env: varName.optional(),
  })
  .strict();

const router = z
  .object({
    driver: z.enum(['nginx']).default('nginx'),
    // host: an nginx process on the machine running ferry; container: an nginx container on the environment's engine.
    // No zod default: whether the file set it matters (router-runtime.ts fills it in and remembers)
    runtime: z.enum(['host', 'container']).optional(),
    image: z.string().regex(/^[^\s]+$/, 'should be an image reference like nginx:1.27-alpine').default('nginx:1.27-alpine'),
    listen,
    // where ferry reaches the router (probe, health, verify, loadtest, status); default: from listen and engine.host
    public_url: publicUrl.optional(),
    // the colours' host ports: required with runtime host, unused (a warning) with runtime container
    ports: z.object({ blue: port, green: port }).strict().optional(),
    drain: duration().default('30s'),
    snippet: z.string().optional(),
    snippet_unsafe: z.boolean().default(false), // lets the snippet use listen, include, root, alias, load_module, *_log
    tls: tls.optional(), // router/listen serves HTTPS (HTTP/2) with it
    http_listen: listen.optional(), // plain HTTP beside HTTPS: redirected (redirect_http) or proxied
    redirect_http: z.boolean().default(false),
    preview_listen: listen.optional(), // a staged release (deploy --no-switch) answers here; container runtime only
  })
  .strict();

// Where the environment lives (without host: DOCKER_HOST, else the local socket), and how long any
// call to it may take, so a hung engine cannot hold the lock.
const engine = z
  .object({
    host: engineHost.optional(),
    request_timeout: duration(1).default('30s'),
    stream_idle_timeout: duration(1).default('10m'),
  })
  .strict();

const strategy = z
  .object({
    type: z.enum(['blue-green', 'canary', 'rolling']).default('blue-green'),
    monitor: duration().default('10s'),
    // type canary: the new version's share of requests, step by step (canary-schema.ts); ignored by blue-green
    steps: canarySteps.default([10, 25, 50, 100]),
    step_duration: stepDuration.default('30s'),
    analysis: canaryAnalysis.default({}),
    // type rolling: replicas replaced per batch (a number or a percent), and the order within a batch (rolling-schema.ts)
    batch: rollingBatch.default(1),
    order: rollingOrder.default('start-first'),
    keep_previous: z.boolean().default(true),
    auto_promote: z.boolean().default(true), // false: every deploy stops after the health gate (staged), like --no-switch
    retain: z.number().int('should be a whole number ≥ 1').min(1, 'should be a whole number ≥ 1').default(3),
  })
  .strict();

// A command run in a one-off container of the new image, as an argv array (no shell).
const command = z.array(z.string().min(1, 'should be a non-empty argument')).min(1, 'should be a command as a list, e.g. [node, migrate.js, up]');

const database = z
  .object({
    url_env: varName,
    backup: z
      .object({ retain: z.number().int('should be a whole number ≥ 1').min(1, 'should be a whole number ≥ 1').default(5) })
      .strict()
      .default({}),
    migrate: command.optional(),
    dry_run: command.optional(),
    verify: command.optional(),
    timeout: duration(1).default('120s'),
    restore_on_failure: z.boolean().default(true),
  })
  .strict();

const probe = z
  .object({
    rate: z.number().int('should be a whole number of requests per second').min(1, 'should be 1-200 requests per second').max(200, 'should be 1-200 requests per second').default(50),
    path: z.string().regex(/^\/\S*$/, 'should start with "/" and contain no spaces').optional(),
  })
  .strict();

const severity = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']);

const scan = z
  .object({
    required: z.boolean().default(false),
    fail_on: z.array(severity).default(['CRITICAL']),
    ignore_unfixed: z.boolean().default(false),
    ignore_file: z.string().min(1, 'should be a file path').optional(),
    sarif: z.string().min(1, 'should be a file path').optional(),
    timeout: duration(1).default('5m'),
  })
  .strict();

const loadtest = z
  .object({
    scenario: z.enum(['smoke', 'load', 'stress', 'spike']).default('smoke'),
    after_switch: z.boolean().default(true),
    engine: z.enum(['auto', 'k6', 'fallback']).default('auto'),
    rate: z.number().int().min(1).max(1000, 'should be at most 1000 requests per second').optional(),
    duration: duration(1000).optional(),
    paths: z.array(z.string().regex(/^\/\S*$/, 'should start with "/"')).min(1).optional(),
    // Checked expression by expression in cross-checks (one grammar for k6 and the fallback engine).
    thresholds: z.record(z.array(z.string())).default({ http_req_failed: ['rate<0.01'] }),
  })
  .strict();

const notify = z.object({ webhook_env: varName }).strict();

const urlPath = z.string().regex(/^\/\S*$/, 'should start with "/" and contain no spaces');
const status = z.number().int().min(100, 'should be an HTTP status 100-599').max(599, 'should be an HTTP status 100-599');

const verify = z
  .object({
    endpoints: z
      .array(
        z
          .object({
            path: urlPath,
            status: z.union([status, z.array(status).min(1)]).default(200),
            json: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
          })
          .strict(),
      )
      .default([{ path: '/health', status: 200 }]),
    max_p95_ms: z.number().positive('should be a number of milliseconds > 0').default(300),
    samples: z.number().int().min(1).max(1000, 'should be at most 1000').default(50),
    concurrency: z.number().int().min(1).max(500, 'should be at most 500').default(50),
    database: urlPath.optional(),
    redis: urlPath.optional(),
    metrics: urlPath.optional(),
    marker: z.object({ path: urlPath }).strict().optional(),
    version: versionCheck(urlPath).optional(),
    after_switch: z.boolean().default(true),
  })
  .strict();

export const environmentSchema = z
  .object({
    app: z.string().regex(APP_NAME, 'should be lowercase letters, digits and "-", starting with a letter or digit').max(63, 'should be at most 63 characters'),
    image,
    container,
    health: health.default({}),
    router,
    engine: engine.default({}),
    strategy: strategy.default({}),
    approval: z.enum(['none', 'required']).default('none'),
    database: database.optional(),
    probe: probe.default({}),
    verify: verify.optional(),
    scan: scan.default({}),
    loadtest: loadtest.optional(),
    notify: notify.optional(),
    state_dir: z.string().min(1, 'should be a directory path').optional(),
    // Only an explicit true allows a state dir inside a git work tree (CI's checkout cleans it).
    state_dir_in_checkout: z.boolean().default(false),
  })
  .strict();

export type EnvironmentFile = z.output<typeof environmentSchema>;
