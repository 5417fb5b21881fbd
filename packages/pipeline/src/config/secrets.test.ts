import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { registryAuth, resolveSecrets, type EnvironmentConfig } from './index.js';

// Only the fields secrets.ts reads; the rest of the config is irrelevant to these pure functions.
function config(secrets: string[], registry?: EnvironmentConfig['image']['registry']): EnvironmentConfig {
  return {
    file: '/srv/ferry/environments/staging.yaml',
    image: { name: 'ferry/demo-app', ...(registry && { registry }) },
    container: { secrets },
  } as unknown as EnvironmentConfig;
}

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveSecrets', () => {
  it('reads each listed name from the process environment, nothing else', () => {
    const env = { DATABASE_URL: 'postgres://u:p@127.0.0.1/db', API_KEY: '12345678', OTHER: 'x' };
    expect(resolveSecrets(config(['DATABASE_URL', 'API_KEY']), env)).toEqual({ DATABASE_URL: 'postgres://u:p@127.0.0.1/db', API_KEY: '12345678' });
    expect(resolveSecrets(config([]), env)).toEqual({});
  });

  it('names every missing variable, one per line', () => {
    const error = thrown(() => resolveSecrets(config(['DATABASE_URL', 'PRESENT', 'API_KEY']), { PRESENT: 'present-value' }));
    expect(error.message.split('\n')).toEqual([
      '/srv/ferry/environments/staging.yaml container/secrets: DATABASE_URL is not set in the environment; export it before deploying (values are never read from files)',
      '/srv/ferry/environments/staging.yaml container/secrets: API_KEY is not set in the environment; export it before deploying (values are never read from files)',
    ]);
  });

  it('refuses a value shorter than 8 characters (or empty), naming the variable and never the value', () => {
    const error = thrown(() => resolveSecrets(config(['ONE_CHAR', 'EMPTY', 'SEVEN', 'EIGHT']), { ONE_CHAR: 'a', EMPTY: '', SEVEN: 'k7q9z2x', EIGHT: 'k7q9z2xw' }));
    const tooShort = (name: string) =>
      `/srv/ferry/environments/staging.yaml container/secrets: ${name} is shorter than 8 characters (or empty); secrets are masked as [REDACTED] wherever their value appears, so a value that short would mask ordinary text: use a real secret of at least 8 characters`;
    expect(error.message.split('\n')).toEqual([tooShort('ONE_CHAR'), tooShort('EMPTY'), tooShort('SEVEN')]);
    expect(error.message).not.toContain('k7q9z2x');
  });
});

describe('registryAuth', () => {
  const registry = { url: '127.0.0.1:5000', usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' };

  it('is undefined without a registry', () => {
    expect(registryAuth(config([]), {})).toBeUndefined();
  });

  it('builds the docker authconfig from the named variables', () => {
    expect(registryAuth(config([], registry), { REG_USER: 'ci', REG_PASS: 's3cret-reg-pw' })).toEqual({
      serveraddress: '127.0.0.1:5000',
      username: 'ci', // a user name is not a secret: short is fine
      password: 's3cret-reg-pw',
    });
  });

  it('needs no credentials for an anonymous registry', () => {
    expect(registryAuth(config([], { url: '127.0.0.1:5000' }), {})).toEqual({ serveraddress: '127.0.0.1:5000' });
  });

  it('refuses a password shorter than 8 characters, naming the variable', () => {
    const error = thrown(() => registryAuth(config([], registry), { REG_USER: 'ci', REG_PASS: 'pw12345' }));
    expect(error.message).toBe(
      '/srv/ferry/environments/staging.yaml image/registry/password_env: REG_PASS is shorter than 8 characters (or empty); secrets are masked as [REDACTED] wherever their value appears, so a value that short would mask ordinary text: use a real secret of at least 8 characters',
    );
  });

  it('names the unset variable', () => {
    const error = thrown(() => registryAuth(config([], registry), { REG_USER: 'ferry' }));
    expect(error.message).toBe(
      '/srv/ferry/environments/staging.yaml image/registry/password_env: REG_PASS is not set in the environment; export it before pushing to 127.0.0.1:5000',
    );
  });
});
