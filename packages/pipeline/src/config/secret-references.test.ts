import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadEnvironment } from './index.js';
import { BASE_YAML, makeSandbox, type Sandbox } from './test-fixtures.js';

let box: Sandbox;
beforeAll(async () => {
  box = await makeSandbox();
});
afterAll(() => box.cleanup());

const SECRET_VALUES = { DATABASE_URL: 'postgres://app:pw-0123456789@db/app', APP_DB: 'postgres://x:pw-abcdefgh@db/x', HOOK: 'https://hooks.example/T0/B0/xyz', REG_USER: 'ci-user', REG_PASS: 'registry-pass-123' };

async function refusal(yaml: string, processEnv: NodeJS.ProcessEnv = SECRET_VALUES): Promise<string> {
  await box.write('test.yaml', yaml);
  const error = await loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).exitCode).toBe(2);
  const { message } = error as ConfigError;
  for (const value of Object.values(SECRET_VALUES)) expect(message).not.toContain(value);
  return message;
}

const withArgs = (args: string) => BASE_YAML.replace('    context: ./app', () => `    context: ./app\n    args: ${args}`);

describe('${VAR} of a secret into any other key is refused (exit 2), naming the variable, the key and the fix', () => {
  it('a container.secrets variable copied into container/env', async () => {
    const message = await refusal(BASE_YAML.replace('    LOG_LEVEL: info', () => '    LOG_LEVEL: ${DATABASE_URL}'));
    expect(message).toBe(
      `${box.envDir}/test.yaml:10 container/env/LOG_LEVEL: interpolates \${DATABASE_URL}, a secret (named by container/secrets/0); a secret's value goes only to the container, never into another key (it would be written to release files, printed or built into the image); delete \${DATABASE_URL} from container/env/LOG_LEVEL and list DATABASE_URL in container/secrets instead: the container reads it from its environment`,
    );
  });

  it.each<[string, string, string]>([
    ['database/url_env into a build arg', `${withArgs('{ DB: "${APP_DB}" }')}database: { url_env: APP_DB }\n`, 'image/build/args/DB: interpolates ${APP_DB}, a secret (named by database/url_env)'],
    ['notify/webhook_env inside a longer value', `${BASE_YAML.replace('    LOG_LEVEL: info', () => '    LOG_LEVEL: "hook=${HOOK}"')}notify: { webhook_env: HOOK }\n`, 'container/env/LOG_LEVEL: interpolates ${HOOK}, a secret (named by notify/webhook_env)'],
    ['the registry password into a build arg', withArgs('{ P: "${REG_PASS}" }').replace('  build:', '  registry: { url: 127.0.0.1:5000, username_env: REG_USER, password_env: REG_PASS }\n  build:'), 'image/build/args/P: interpolates ${REG_PASS}, a secret (named by image/registry/password_env)'],
    ['the registry user into the router snippet', BASE_YAML.replace('  build:', '  registry: { url: 127.0.0.1:5000, username_env: REG_USER, password_env: REG_PASS }\n  build:').replace('  ports:', () => '  snippet: "add_header X-User ${REG_USER};"\n  ports:'), 'router/snippet: interpolates ${REG_USER}, a secret (named by image/registry/username_env)'],
    ['a secret with a default, even while unset', BASE_YAML.replace('    LOG_LEVEL: info', () => '    LOG_LEVEL: ${DATABASE_URL:-none}'), 'container/env/LOG_LEVEL: interpolates ${DATABASE_URL}, a secret (named by container/secrets/0)'],
  ])('%s', async (name, yaml, fragment) => {
    const processEnv = name.includes('unset') ? {} : SECRET_VALUES;
    const message = await refusal(yaml, processEnv);
    expect(message).toContain(fragment);
    expect(message).toMatch(/list \w+ in container\/secrets instead/);
  });

  it('other variables still interpolate, and $${SECRET} stays a literal', async () => {
    await box.write('ok.yaml', BASE_YAML.replace('    LOG_LEVEL: info', () => '    LOG_LEVEL: ${LEVEL}\n    RAW: "$${DATABASE_URL}"'));
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'ok', processEnv: { ...SECRET_VALUES, LEVEL: 'debug' } });
    expect(config.container.env).toMatchObject({ LOG_LEVEL: 'debug', RAW: '${DATABASE_URL}' });
  });
});
