import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dockerode from 'dockerode';
import { ferry } from './support/ferry.js';
import { makeEnvironment, readTree, type TestEnvironment } from './support/environment.js';

const json = (stdout: string) => JSON.parse(stdout);

describe('bad input: documented message, exit 2, nothing changed', () => {
  let env: TestEnvironment;
  const yamlOf = (env: TestEnvironment) => path.join(env.environmentsDir, `${env.env}.yaml`);
  beforeAll(async () => {
    env = await makeEnvironment();
  });
  afterAll(async () => env.cleanup());

  // Values for the secret rows: each must also appear in no output.
  const DB_URL = 'postgres://app:e2e-db-pass-4711@127.0.0.1:1/app';
  const HOOK = 'https://hooks.invalid/e2e-hook-token-4711';
  const REG_PASS = 'e2e-reg-pass-4711';
  const withSecret = (y: string) => y.replace('network: bridge', 'network: bridge\n  secrets: [FERRY_E2E_SECRET]');
  const withRegistry = (y: string) => y.replace(/(image:\n  name: \S+)/, '$1\n  registry: { url: "127.0.0.1:5999", username_env: FERRY_E2E_REG_USER, password_env: FERRY_E2E_REG_PASS }');

  // [name, yaml transform or null, extra args, expected message fragment, process environment for ferry]
  const cases: [string, ((y: string) => string) | null, string[], RegExp, Record<string, string>?][] = [
    ['malformed YAML', (y) => y + '\nrouter: [unclosed\n', ['deploy', '--tag', 'v1'], /test\.yaml/],
    ['unknown top-level key', (y) => y + 'colour_scheme: dark\n', ['deploy', '--tag', 'v1'], /colour_scheme/],
    ['unknown nested key', (y) => y.replace('  drain: 5s', '  drain: 5s\n  listn: x'), ['deploy', '--tag', 'v1'], /router\/listn/],
    ['port as a word', (y) => y.replace('port: 3000', 'port: abc'), ['deploy', '--tag', 'v1'], /container\/port/],
    ['bad duration', (y) => y.replace('interval: 200ms', 'interval: soon'), ['deploy', '--tag', 'v1'], /health\/interval: should be a duration like "2s"/],
    ['bare number duration', (y) => y.replace(/^  timeout: .*$/m, '  timeout: 5'), ['deploy', '--tag', 'v1'], /health\/timeout/],
    ['blue equals green', (y) => y.replace(/green: \d+/, `green: ${env.ports.blue}`), ['deploy', '--tag', 'v1'], /blue/],
    ['listen clashes with a colour', (y) => y.replace(/listen: 127\.0\.0\.1:\d+/, `listen: 127.0.0.1:${env.ports.green}`), ['deploy', '--tag', 'v1'], /router\/listen/],
    ['port out of range', (y) => y.replace(/blue: \d+/, 'blue: 70000'), ['deploy', '--tag', 'v1'], /router\/ports\/blue/],
    ['bad network', (y) => y.replace('network: bridge', 'network: overlay'), ['deploy', '--tag', 'v1'], /container\/network/],
    ['bad approval', (y) => y + 'approval: maybe\n', ['deploy', '--tag', 'v1'], /approval/],
    ['bad strategy type', (y) => y.replace('strategy:\n', 'strategy:\n  type: recreate\n'), ['deploy', '--tag', 'v1'], /strategy\/type: should be one of "blue-green", "canary", "rolling"/],
    ['retain zero', (y) => y.replace('retain: 3', 'retain: 0'), ['deploy', '--tag', 'v1'], /strategy\/retain/],
    ['keep_previous not a boolean', (y) => y.replace(/keep_previous: \w+/, 'keep_previous: "yes"'), ['deploy', '--tag', 'v1'], /strategy\/keep_previous/],
    ['missing build context', (y) => y.replace(/name: (\S+)/, 'name: $1\n  build:\n    context: ./nowhere'), ['deploy', '--tag', 'v1'], /image\/build\/context/],
    ['missing env_file', (y) => y.replace('network: bridge', 'network: bridge\n  env_file: .env.absent'), ['deploy', '--tag', 'v1'], /container\/env_file/],
    ['bad secret name', (y) => y.replace('network: bridge', 'network: bridge\n  secrets: [not-valid]'), ['deploy', '--tag', 'v1'], /container\/secrets/],
    ['missing secret variable', (y) => y.replace('network: bridge', 'network: bridge\n  secrets: [FERRY_E2E_UNSET_SECRET]'), ['deploy', '--tag', 'v1'], /FERRY_E2E_UNSET_SECRET is not set/],
    ['unset ${VAR}', (y) => y.replace('hello-e2e', '"${FERRY_E2E_UNSET_VAR}"'), ['deploy', '--tag', 'v1'], /FERRY_E2E_UNSET_VAR/],
    ['image name with a tag', (y) => y.replace(/name: (\S+)/, 'name: $1:v1'), ['deploy', '--tag', 'v1'], /--tag/],
    ['health path without slash', (y) => y.replace('path: /health', 'path: health'), ['deploy', '--tag', 'v1'], /health\/path/],
    ['missing required key', (y) => y.replace(/^app: .*\n/m, ''), ['deploy', '--tag', 'v1'], /app/],
    ['tag with shell metacharacters', null, ['deploy', '--tag', 'v1;rm -rf /'], /--tag/],
    ['tag with spaces', null, ['deploy', '--tag', 'v 1'], /--tag/],
    ['tag with a leading dash', null, ['deploy', '--tag=-v1'], /--tag/],
    ['missing --tag', null, ['deploy'], /--tag is required/],
    ['unknown flag', null, ['deploy', '--tag', 'v1', '--colour', 'red'], /--colour/],
    ['unknown strategy', null, ['deploy', '--tag', 'v1', '--strategy', 'recreate'], /--strategy "recreate": should be blue-green, canary or rolling/],
    ['canary weights going down', (y) => y.replace('strategy:\n', 'strategy:\n  type: canary\n  steps: [50, 10]\n'), ['deploy', '--tag', 'v1'], /strategy\/steps\/1\/weight: should be more than the step before it \(50\)/],
    ['image not present locally', null, ['deploy', '--tag', 'never-built'], /does not exist locally/],
    ['later-issue command', null, ['pipeline'], /not available yet/],
    ['scan without trivy installed', null, ['scan', '--tag', 'v1'], /trivy is not installed/],
    ['scan.required without trivy', (y) => `${y}\nscan: { required: true }\n`, ['deploy', '--tag', 'v1'], /scan\/required is true but trivy is not on PATH/],
    ['bad load-test threshold', (y) => `${y}\nloadtest: { thresholds: { http_req_duration: ['p95 < 5'] } }\n`, ['deploy', '--tag', 'v1'], /loadtest\/thresholds\/http_req_duration\/0/],
    ['unknown load-test scenario', null, ['loadtest', '--scenario', 'soak'], /--scenario soak/],
    ['restore without --backup (no database section)', null, ['restore'], /has no database section/],
    ['a container secret interpolated into container.env', (y) => withSecret(y).replace('hello-e2e', '"${FERRY_E2E_SECRET}"'), ['deploy', '--tag', 'v1'], /container\/env\/GREETING: interpolates \$\{FERRY_E2E_SECRET\}, a secret \(named by container\/secrets\/0\).*list FERRY_E2E_SECRET in container\/secrets instead/, { FERRY_E2E_SECRET: 'e2e-secret-value-4711' }],
    ['database.url_env interpolated into container.env', (y) => `${y.replace('hello-e2e', '"db=${FERRY_E2E_DB_URL}"')}\ndatabase: { url_env: FERRY_E2E_DB_URL }\n`, ['deploy', '--tag', 'v1'], /container\/env\/GREETING: interpolates \$\{FERRY_E2E_DB_URL\}, a secret \(named by database\/url_env\)/, { FERRY_E2E_DB_URL: DB_URL }],
    ['notify.webhook_env interpolated into container.env', (y) => `${y.replace('hello-e2e', '"${FERRY_E2E_HOOK}"')}\nnotify: { webhook_env: FERRY_E2E_HOOK }\n`, ['config', 'check', '--json'], /container\/env\/GREETING: interpolates \$\{FERRY_E2E_HOOK\}, a secret \(named by notify\/webhook_env\)/, { FERRY_E2E_HOOK: HOOK }],
    ['registry password interpolated into container.env', (y) => withRegistry(y).replace('hello-e2e', '"${FERRY_E2E_REG_PASS}"'), ['deploy', '--tag', 'v1'], /container\/env\/GREETING: interpolates \$\{FERRY_E2E_REG_PASS\}, a secret \(named by image\/registry\/password_env\)/, { FERRY_E2E_REG_USER: 'ci', FERRY_E2E_REG_PASS: REG_PASS }],
    ['a secret shorter than 8 characters', withSecret, ['deploy', '--tag', 'v1'], /container\/secrets: FERRY_E2E_SECRET is shorter than 8 characters/, { FERRY_E2E_SECRET: 'k7q9z2x' }],
    ['router snippet that leaves the server block (the reproduced attack)', (y) => y.replace('  drain: 5s', '  drain: 5s\n  snippet: "# {\\n}\\nserver { listen 0.0.0.0:8081; root /; autoindex on; }\\nserver { # }"'), ['deploy', '--tag', 'v1'], /router\/snippet: line 2 of the snippet: this "\}" would close the server block[\s\S]*line 3 of the snippet: "listen" is not allowed/],
    ['router snippet with a log directive', (y) => y.replace('  drain: 5s', '  drain: 5s\n  snippet: |\n    client_max_body_size 1m;\n    access_log /tmp/ferry-e2e-leak.log;'), ['deploy', '--tag', 'v1'], /router\/snippet: line 2 of the snippet: "access_log" is not allowed.*router\/snippet_unsafe: true/],
    ['a registry password shorter than 8 characters', withRegistry, ['deploy', '--tag', 'v1'], /image\/registry\/password_env: FERRY_E2E_REG_PASS is shorter than 8 characters/, { FERRY_E2E_REG_USER: 'ci', FERRY_E2E_REG_PASS: 'k7q9z2x' }],
  ];

  it.each(cases)('%s', async (_name, transform, args, message, processEnv = {}) => {
    const original = await readFile(yamlOf(env), 'utf8');
    if (transform) {
      const broken = transform(original);
      expect(broken, 'the case must really change the environment file').not.toBe(original);
      await writeFile(yamlOf(env), broken);
    }
    try {
      const run = await ferry(env.args(...args), processEnv);
      expect(run.stderr + run.stdout).toMatch(message);
      expect(run.code).toBe(2);
      for (const [name, value] of Object.entries(processEnv)) if (name !== 'FERRY_E2E_REG_USER') expect(run.stderr + run.stdout).not.toContain(value);
      const state = await readdir(env.stateDir).catch(() => []);
      expect(state.filter((f) => f !== 'deploy.lock')).toEqual([]); // nothing written: no router, ledger or release
      expect(state).not.toContain('deploy.lock'); // and the lock was released
    } finally {
      await writeFile(yamlOf(env), original);
    }
  });

  it('unknown environment lists the available ones', async () => {
    const run = await ferry(['deploy', '--tag', 'v1', '--environments', env.environmentsDir, '--env', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/test/);
  });

  it('approval: required without a TTY needs --yes', async () => {
    await mkdir(env.environmentsDir, { recursive: true });
    const original = await readFile(yamlOf(env), 'utf8');
    await writeFile(yamlOf(env), original + 'approval: required\n');
    try {
      const run = await ferry(env.args('deploy', '--tag', 'v1'));
      expect(run.code).toBe(2);
      expect(run.stderr + run.stdout).toMatch(/--yes/);
    } finally {
      await writeFile(yamlOf(env), original);
    }
  });
});

describe('secrets and dry runs', () => {
  let env: TestEnvironment;
  const SECRET = 's3cr3t-' + Math.random().toString(36).slice(2);
  beforeAll(async () => {
    env = await makeEnvironment('');
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('network: bridge', 'network: bridge\n  secrets: [FERRY_E2E_SECRET]'));
  });
  afterAll(async () => env.cleanup());

  it('--dry-run prints the plan and changes nothing', async () => {
    const run = await ferry(env.args('deploy', '--tag', 'v1', '--dry-run', '--json'), { FERRY_E2E_SECRET: SECRET });
    expect(run.code, run.stderr).toBe(0);
    expect(json(run.stdout)).toMatchObject({ outcome: 'dry_run', plan: ['traffic now: none (first release)', expect.stringMatching(/^start ferry-e2e\/demo-app:v1/), 'health-gate, then switch the router to blue'] });
    expect(await readdir(env.stateDir).catch(() => [])).toEqual([]);
    const docker = new Dockerode();
    expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`] } })).toEqual([]);
  });

  it('a secret reaches the container but appears nowhere under the state dir or in output', async () => {
    const run = await ferry(env.args('deploy', '--tag', 'v1'), { FERRY_E2E_SECRET: SECRET });
    expect(run.code, run.stderr).toBe(0);
    const status = await ferry(env.args('status', '--json'), { FERRY_E2E_SECRET: SECRET });
    const check = await ferry(env.args('config', 'check'), { FERRY_E2E_SECRET: SECRET });
    expect(check.stdout).toMatch(/FERRY_E2E_SECRET=\[REDACTED\]/);
    const docker = new Dockerode();
    const [container] = await docker.listContainers({ filters: { label: [`ferry.app=${env.app}`] } });
    const inspect = await docker.getContainer(container.Id).inspect();
    expect(inspect.Config.Env).toContain(`FERRY_E2E_SECRET=${SECRET}`);
    for (const text of [run.stdout, run.stderr, status.stdout, status.stderr, check.stdout, check.stderr, await readTree(env.stateDir)]) {
      expect(text).not.toContain(SECRET);
    }
  });
});
