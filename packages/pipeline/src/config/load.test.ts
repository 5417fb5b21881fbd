import os from 'node:os';
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEnvironments, loadEnvironment, type EnvironmentConfig } from './index.js';
import { BASE_YAML, makeSandbox, type Sandbox } from './test-fixtures.js';

const SHIPPED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../environments');

// The demo app's runner commands, as README.md's example and the tests below configure them.
const MIGRATION_COMMANDS = { migrate: ['node', 'migrate.js', 'up'], dryRun: ['node', 'migrate.js', 'plan'], verify: ['node', 'migrate.js', 'verify'] };

// processEnv {} has no DOCKER_HOST: the environment lives on the local engine.
const DEFAULT_TIMEOUTS = { requestTimeoutMs: 30_000, streamIdleTimeoutMs: 600_000 } as const;
const LOCAL_ENGINE = { host: { kind: 'local' }, source: 'default', build: { kind: 'local' }, ...DEFAULT_TIMEOUTS } as const;

// strategy.steps [10, 25, 50, 100] (100 is the switch, not a watched step), step_duration 30s, analysis defaults
// strategy.batch and order when the file names neither
const DEFAULT_ROLLING = { batch: { count: 1 }, order: 'start-first' };

const DEFAULT_CANARY = {
  steps: [10, 25, 50].map((weight) => ({ weight, durationMs: 30_000, pause: false })),
  analysis: { maxErrorRate: 0.01, minRequests: 50, maxExtensions: 2 },
};

let box: Sandbox;
// The documented default for whoever runs the tests (processEnv {} has no XDG_STATE_HOME).
const defaultDir = (app: string, env: string) =>
  process.geteuid?.() === 0 ? path.join('/var/lib/ferry', app, env) : path.join(os.homedir(), '.local/state/ferry', app, env);
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(() => box.cleanup());

// The shipped files, copied beside a stand-in for ../examples/demo-app so the test owns every path.
async function copyShipped(): Promise<void> {
  for (const env of ['local', 'staging', 'production']) {
    await copyFile(path.join(SHIPPED, `${env}.yaml`), path.join(box.envDir, `${env}.yaml`));
    await copyFile(path.join(SHIPPED, `.env.${env}`), path.join(box.envDir, `.env.${env}`));
  }
  await box.write('../examples/demo-app/Dockerfile', 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n');
}

function expectedLocal(root: string, baseImage: string): EnvironmentConfig {
  const dir = path.join(root, 'environments');
  return {
    name: 'local',
    file: path.join(dir, 'local.yaml'),
    dir,
    app: 'demo',
    image: {
      name: 'ferry/demo-app',
      build: { context: path.join(root, 'examples/demo-app'), dockerfile: 'Dockerfile', args: { BASE_IMAGE: baseImage } },
    },
    container: {
      port: 3000,
      network: 'bridge',
      envFile: path.join(dir, '.env.local'),
      env: { GREETING: 'Hello from local', APP_ENV: 'local', LOG_LEVEL: 'info' },
      secrets: [],
      replicas: 1,
    },
    health: { path: '/health', intervalMs: 1000, timeoutMs: 2000, deployTimeoutMs: 60_000, failureThreshold: 3 },
    router: { driver: 'nginx', runtime: 'container', image: 'nginx:1.27-alpine', listen: { host: '127.0.0.1', port: 8080 }, drainMs: 5000 },
    engine: LOCAL_ENGINE,
    strategy: { type: 'blue-green', monitorMs: 5000, keepPrevious: true, retain: 3, canary: DEFAULT_CANARY, rolling: DEFAULT_ROLLING },
    approval: 'none',
    probe: { rate: 50, path: '/health' },
    verify: {
      endpoints: [{ path: '/health', status: [200], json: { status: 'ok' } }],
      version: { path: '/version', jsonField: 'version' },
      maxP95Ms: 300,
      samples: 50,
      concurrency: 50,
      afterSwitch: true,
    },
    scan: { required: false, failOn: ['CRITICAL'], ignoreUnfixed: false, timeoutMs: 300_000 },
    stateDir: defaultDir('demo', 'local'),
    stateDirInCheckout: false,
    warnings: [],
  };
}

describe('shipped environment files', () => {
  it('local.yaml without FERRY_BASE_IMAGE uses the public node image', async () => {
    await copyShipped();
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'local', processEnv: {} });
    expect(config).toEqual(expectedLocal(box.root, 'node:22-alpine'));
  });

  it('local.yaml with FERRY_BASE_IMAGE uses the locally built image', async () => {
    await copyShipped();
    const processEnv = { FERRY_BASE_IMAGE: 'ferry/node-base:local' };
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'local', processEnv });
    expect(config).toEqual(expectedLocal(box.root, 'ferry/node-base:local'));
  });

  it('staging.yaml and production.yaml differ from local only where documented', async () => {
    await copyShipped();
    const staging = await loadEnvironment({ environmentsDir: box.envDir, env: 'staging', processEnv: {} });
    const production = await loadEnvironment({ environmentsDir: box.envDir, env: 'production', processEnv: {} });
    const dir = box.envDir;
    expect(staging).toEqual({
      ...expectedLocal(box.root, 'node:22-alpine'),
      name: 'staging',
      file: path.join(dir, 'staging.yaml'),
      container: { ...expectedLocal(box.root, '').container, envFile: path.join(dir, '.env.staging'), env: { GREETING: 'Hello from staging', APP_ENV: 'staging', LOG_LEVEL: 'info' } },
      router: { driver: 'nginx', runtime: 'container', runtimeDefaulted: true, image: 'nginx:1.27-alpine', listen: { host: '127.0.0.1', port: 8180 }, drainMs: 30_000 },
      strategy: { type: 'blue-green', monitorMs: 10_000, keepPrevious: true, retain: 3, canary: DEFAULT_CANARY, rolling: DEFAULT_ROLLING },
      scan: { required: false, failOn: ['CRITICAL'], ignoreUnfixed: false, sarif: path.join(box.root, 'reports/trivy-staging.sarif'), timeoutMs: 300_000 },
      verify: {
        endpoints: [
          { path: '/health', status: [200], json: { status: 'ok' } },
          { path: '/version', status: [200] },
        ],
        version: { path: '/version', jsonField: 'version' },
        maxP95Ms: 300,
        samples: 50,
        concurrency: 50,
        metrics: '/metrics',
        afterSwitch: true,
      },
      stateDir: defaultDir('demo', 'staging'),
    });
    expect(production).toEqual({
      ...staging,
      name: 'production',
      file: path.join(dir, 'production.yaml'),
      container: { ...staging.container, envFile: path.join(dir, '.env.production'), env: { GREETING: 'Hello from production', APP_ENV: 'production', LOG_LEVEL: 'warn' } },
      router: { ...staging.router, listen: { host: '127.0.0.1', port: 8280 }, snippet: 'client_max_body_size 10m;\n' },
      strategy: { type: 'blue-green', monitorMs: 30_000, keepPrevious: true, retain: 5, canary: DEFAULT_CANARY, rolling: DEFAULT_ROLLING },
      approval: 'required',
      scan: { ...staging.scan, sarif: path.join(box.root, 'reports/trivy-production.sarif') },
      stateDir: defaultDir('demo', 'production'),
    });
    const ci = await loadEnvironment({ environmentsDir: box.envDir, env: 'staging', processEnv: { FERRY_SCAN_REQUIRED: 'true' } });
    expect(ci.scan.required).toBe(true);
  });

  it('the shipped files load in place too (the repo layout)', async () => {
    const names = await listEnvironments(SHIPPED);
    expect(names).toEqual(['local', 'production', 'staging']);
  });
});

describe('environments/README.md', () => {
  it('its example file is valid and means what the table says', async () => {
    const readme = await readFile(path.join(SHIPPED, 'README.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    await box.write('staging.yaml', example);
    await box.write('.env.staging', 'GREETING=hi\n');
    await box.write('../examples/demo-app/Dockerfile', 'FROM scratch\n');
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'staging', processEnv: {} });
    expect(config.image).toEqual({
      name: 'ferry/demo-app',
      build: { context: path.join(box.root, 'examples/demo-app'), dockerfile: 'Dockerfile', args: { BASE_IMAGE: 'node:22-alpine' } },
      registry: { url: '127.0.0.1:5000', usernameEnv: 'REGISTRY_USER', passwordEnv: 'REGISTRY_PASSWORD' },
    });
    expect(config.container.secrets).toEqual(['DATABASE_URL']);
    expect(config.router.snippet).toBe('client_max_body_size 10m;\n');
    expect(config.router).toMatchObject({ runtime: 'container', image: 'nginx:1.27-alpine' });
    expect(config.warnings).toEqual([]);
    expect(config.stateDir).toBe('/var/lib/ferry/demo/staging');
    expect(config.database).toEqual({ urlEnv: 'DATABASE_URL', backupRetain: 5, ...MIGRATION_COMMANDS, timeoutMs: 120_000, restoreOnFailure: true });
    expect(config.verify?.version).toEqual({ path: '/version', jsonField: 'version' });
  });
});

describe('defaults and normalisation', () => {
  const MINIMAL = `app: web
image: { name: 127.0.0.1:5000/team/web }
container: { port: 8000 }
router: { listen: "0.0.0.0:9000" }
`;

  it('fills every documented default', async () => {
    await box.write('min.yaml', MINIMAL);
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'min', processEnv: {} });
    expect(config).toEqual({
      name: 'min',
      file: path.join(box.envDir, 'min.yaml'),
      dir: box.envDir,
      app: 'web',
      image: { name: '127.0.0.1:5000/team/web' },
      container: { port: 8000, network: 'bridge', env: {}, secrets: [], replicas: 1 },
      health: { path: '/health', intervalMs: 1000, timeoutMs: 2000, deployTimeoutMs: 60_000, failureThreshold: 3 },
      router: { driver: 'nginx', runtime: 'container', runtimeDefaulted: true, image: 'nginx:1.27-alpine', listen: { host: '0.0.0.0', port: 9000 }, drainMs: 30_000 },
      engine: LOCAL_ENGINE,
      strategy: { type: 'blue-green', monitorMs: 10_000, keepPrevious: true, retain: 3, canary: DEFAULT_CANARY, rolling: DEFAULT_ROLLING },
      approval: 'none',
      probe: { rate: 50, path: '/health' },
      scan: { required: false, failOn: ['CRITICAL'], ignoreUnfixed: false, timeoutMs: 300_000 },
        stateDir: defaultDir('web', 'min'),
      stateDirInCheckout: false,
    warnings: [],
      warnings: [],
    });
  });

  it('engine.host names the environment\'s engine; without it DOCKER_HOST does; the build engine stays DOCKER_HOST or local', async () => {
    // the router container on all of the remote engine's interfaces: ferry reaches it at the engine's host
    const everywhere = BASE_YAML.replace('127.0.0.1:8080', '0.0.0.0:8080');
    await box.write('remote.yaml', `${everywhere}engine:\n  host: tcp://10.0.0.5:2375\n`);
    await box.write('plain.yaml', everywhere);
    const load = (env: string, processEnv: NodeJS.ProcessEnv) => loadEnvironment({ environmentsDir: box.envDir, env, processEnv }).then((c) => c.engine);
    const tcp = { kind: 'tcp', host: '10.0.0.5', port: 2375 };
    expect(await load('remote', {})).toEqual({ host: tcp, source: 'engine.host', build: { kind: 'local' }, ...DEFAULT_TIMEOUTS });
    expect(await load('remote', { DOCKER_HOST: 'unix:///run/other.sock' })).toEqual({ host: tcp, source: 'engine.host', build: { kind: 'unix', socketPath: '/run/other.sock' }, ...DEFAULT_TIMEOUTS });
    expect(await load('plain', { DOCKER_HOST: 'ssh://deploy@server' })).toEqual({
      host: { kind: 'ssh', host: 'server', port: 22, username: 'deploy' },
      source: 'DOCKER_HOST',
      build: { kind: 'ssh', host: 'server', port: 22, username: 'deploy' },
      ...DEFAULT_TIMEOUTS,
    });
  });

  it('a malformed DOCKER_HOST is bad input naming the variable, with or without engine.host', async () => {
    await box.write('plain.yaml', BASE_YAML);
    const error = await loadEnvironment({ environmentsDir: box.envDir, env: 'plain', processEnv: { DOCKER_HOST: 'http://x:1' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as Error).message).toMatch(/^DOCKER_HOST=http:\/\/x:1: scheme http:\/\/ is not supported .*; fix or unset the variable \(engine\.host in .*plain\.yaml names the environment's engine\)$/);
  });

  it('interpolates ${VAR} and ${VAR:-default}, keeps $${ literal, types whole references, stringifies env values', async () => {
    const yaml = BASE_YAML.replace('  port: 3000', '  port: ${APP_PORT}')
      .replace('    LOG_LEVEL: info', () => '    LOG_LEVEL: ${LEVEL:-debug}\n    WORKERS: 4\n    DEBUG: false\n    RAW: "$${HOME}"')
      .replace('  keep_previous: true', '  keep_previous: ${KEEP}');
    await box.write('vars.yaml', `${yaml}state_dir: \${STATE_ROOT}/vars\n`);
    const processEnv = { APP_PORT: '4000', KEEP: 'false', STATE_ROOT: '/srv/ferry', LEVEL: '' };
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'vars', processEnv });
    expect(config.container.port).toBe(4000);
    expect(config.container.env).toEqual({ GREETING: 'hello', LOG_LEVEL: 'debug', WORKERS: '4', DEBUG: 'false', RAW: '${HOME}' });
    expect(config.strategy.keepPrevious).toBe(false);
    expect(config.stateDir).toBe('/srv/ferry/vars');
  });

  it('resolves build context, env_file and state_dir against the environment file', async () => {
    await box.write('paths.yaml', `${BASE_YAML}state_dir: ../state/paths\n`);
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'paths', processEnv: {} });
    expect(config.image.build).toEqual({ context: path.join(box.envDir, 'app'), dockerfile: 'Dockerfile', args: {} });
    expect(config.container.envFile).toBe(path.join(box.envDir, '.env.test'));
    expect(config.stateDir).toBe(path.join(box.root, 'state/paths'));
  });

  it('normalises the registry and durations like 1m30s', async () => {
    await box.write('reg.yaml', BASE_YAML.replace('  build:', '  registry: { url: 127.0.0.1:5000, username_env: REG_USER, password_env: REG_PASS }\n  build:').replace('deploy_timeout: 60s', 'deploy_timeout: 1m30s'));
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'reg', processEnv: {} });
    expect(config.image.registry).toEqual({ url: '127.0.0.1:5000', usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' });
    expect(config.health.deployTimeoutMs).toBe(90_000);
  });

  it('normalises database: defaults, argv lists, and the url variable passed to the app as a secret', async () => {
    await box.write('db.yaml', `${MINIMAL}database:\n  url_env: APP_DB\n  migrate: [node, migrate.js, up]\n`);
    await box.write('db2.yaml', `${BASE_YAML}database:\n  url_env: DATABASE_URL\n  backup: { retain: 2 }\n  migrate: [node, migrate.js, up]\n  dry_run: [node, migrate.js, plan]\n  verify: [node, migrate.js, verify]\n  timeout: 5m\n  restore_on_failure: false\n`);
    const minimal = await loadEnvironment({ environmentsDir: box.envDir, env: 'db', processEnv: {} });
    expect(minimal.database).toEqual({ urlEnv: 'APP_DB', backupRetain: 5, migrate: ['node', 'migrate.js', 'up'], timeoutMs: 120_000, restoreOnFailure: true });
    expect(minimal.container.secrets).toEqual(['APP_DB']);
    const full = await loadEnvironment({ environmentsDir: box.envDir, env: 'db2', processEnv: {} });
    expect(full.database).toEqual({ urlEnv: 'DATABASE_URL', backupRetain: 2, ...MIGRATION_COMMANDS, timeoutMs: 300_000, restoreOnFailure: false });
    expect(full.container.secrets).toEqual(['DATABASE_URL']); // already listed: not twice
  });

  it('normalises verify and probe: statuses as lists, defaults filled', async () => {
    await box.write('v.yaml', `${MINIMAL}probe: { rate: 20, path: / }\nverify:\n  endpoints:\n    - { path: /health, status: 200, json: { status: ok } }\n    - { path: /version, status: [200, 204] }\n  database: /health/database\n  marker: { path: /notes }\n`);
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'v', processEnv: {} });
    expect(config.probe).toEqual({ rate: 20, path: '/' });
    expect(config.verify).toEqual({
      endpoints: [
        { path: '/health', status: [200], json: { status: 'ok' } },
        { path: '/version', status: [200, 204] },
      ],
      maxP95Ms: 300,
      samples: 50,
      concurrency: 50,
      database: '/health/database',
      marker: { path: '/notes' },
      afterSwitch: true,
    });
  });

  it('runs no version check unless verify.version asks; either form normalises to one key', async () => {
    const endpoints = `verify:\n  endpoints:\n    - { path: /health, status: 200 }\n    - { path: /version, status: 200 }\n`;
    await box.write('plain.yaml', `${MINIMAL}${endpoints}`);
    await box.write('field.yaml', `${MINIMAL}${endpoints}  version: { path: /version, json_field: build.tag }\n`);
    await box.write('body.yaml', `${MINIMAL}${endpoints}  version:\n    path: /version\n    body_matches: '^{tag}\\s*$'\n`);
    const load = (env: string) => loadEnvironment({ environmentsDir: box.envDir, env, processEnv: {} });
    expect((await load('plain')).verify).not.toHaveProperty('version');
    expect((await load('field')).verify!.version).toEqual({ path: '/version', jsonField: 'build.tag' });
    expect((await load('body')).verify!.version).toEqual({ path: '/version', bodyMatches: '^{tag}\\s*$' });
  });

  it('normalises scan, loadtest and notify', async () => {
    await box.write('g.yaml', `${MINIMAL}scan: { required: true, fail_on: [HIGH, CRITICAL], ignore_unfixed: true, ignore_file: .trivyignore, sarif: ../out/t.sarif }\nloadtest: { scenario: load, rate: 20, duration: 5s, thresholds: { http_req_duration: ['p(95)<500'] } }\nnotify: { webhook_env: SLACK_WEBHOOK_URL }\n`);
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'g', processEnv: {} });
    expect(config.scan).toEqual({ required: true, failOn: ['HIGH', 'CRITICAL'], ignoreUnfixed: true, ignoreFile: path.join(box.envDir, '.trivyignore'), sarif: path.join(box.root, 'out/t.sarif'), timeoutMs: 300_000 });
    expect(config.loadtest).toEqual({ scenario: 'load', afterSwitch: true, engine: 'auto', rate: 20, durationMs: 5000, thresholds: { http_req_duration: ['p(95)<500'] } });
    expect(config.notify).toEqual({ webhookEnv: 'SLACK_WEBHOOK_URL' });
  });

  it('normalises the engine timeouts to milliseconds', async () => {
    await box.write('e.yaml', `${MINIMAL}engine: { request_timeout: 1m30s, stream_idle_timeout: 30m }\n`);
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'e', processEnv: {} });
    expect(config.engine).toEqual({ ...LOCAL_ENGINE, requestTimeoutMs: 90_000, streamIdleTimeoutMs: 1_800_000 });
  });

  it('lists yaml stems sorted, ignoring other files', async () => {
    await box.write('b.yaml', MINIMAL);
    await box.write('a.yml', MINIMAL);
    await box.write('notes.txt', 'x');
    expect(await listEnvironments(box.envDir)).toEqual(['a', 'b']);
  });

  it('strategy canary: steps as weights or mappings, 100 implied as the switch, analysis percents as fractions, analysis.prometheus', async () => {
    const yaml = BASE_YAML.replace(
      '  monitor: 10s',
      () => '  type: canary\n  monitor: 10s\n  step_duration: 20s\n  steps: [5, { weight: 30, duration: 1m }, { weight: 60, pause: true }]\n  analysis:\n    max_error_rate: 0.5%\n    max_p95_ms: 300\n    max_p95_ratio: 1.5\n    min_requests: 80\n    max_extensions: 0\n    prometheus:\n      url: http://127.0.0.1:9090/prom/\n      query: \'sum(rate(errors{colour="{{canary_colour}}"}[{{step_duration}}]))\'\n      min: 0\n      max: 0.5',
    );
    await box.write('canary.yaml', yaml);
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'canary', processEnv: {} });
    expect(config.strategy.type).toBe('canary');
    expect(config.strategy.canary).toEqual({
      steps: [
        { weight: 5, durationMs: 20_000, pause: false },
        { weight: 30, durationMs: 60_000, pause: false },
        { weight: 60, durationMs: 20_000, pause: true },
      ],
      analysis: {
        maxErrorRate: 0.005,
        maxP95Ms: 300,
        maxP95Ratio: 1.5,
        minRequests: 80,
        maxExtensions: 0,
        // the url without its trailing slash, the query as written (its placeholders are filled per step), timeout 5s by default
        prometheus: { url: 'http://127.0.0.1:9090/prom', query: 'sum(rate(errors{colour="{{canary_colour}}"}[{{step_duration}}]))', min: 0, max: 0.5, timeoutMs: 5000 },
      },
    });
  });
});
