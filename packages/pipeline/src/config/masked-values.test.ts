import { describe, expect, it } from 'vitest';
import { activeRedactor, redactorFor, secretVariableNames } from './masked-values.js';
import type { EnvironmentConfig } from './types.js';

// Only the fields masked-values.ts reads.
const config = {
  container: { secrets: ['API_KEY', 'DATABASE_URL'] },
  database: { urlEnv: 'DATABASE_URL' },
  image: { name: 'ferry/demo-app', registry: { url: '127.0.0.1:5000', usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' } },
  notify: { webhookEnv: 'HOOK_URL' },
  router: { tls: { certificateEnv: 'ROUTER_CERT', keyEnv: 'ROUTER_KEY' } },
} as unknown as EnvironmentConfig;

describe('the masked set', () => {
  it("names every variable Ferry treats as a secret: container secrets, the database url, the registry password, the webhook url, the router's PEM", () => {
    expect(secretVariableNames(config)).toEqual(['API_KEY', 'DATABASE_URL', 'REG_PASS', 'HOOK_URL', 'ROUTER_CERT', 'ROUTER_KEY']);
  });

  it("masks the router's key from router.tls.key_env, a multi-line PEM", () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    expect(redactorFor(config, { ROUTER_KEY: key }).redact(`nginx said: ${key}`)).toBe('nginx said: [REDACTED]');
  });

  it('masks each of their values (the registry user name is not a secret) and becomes the active redactor', () => {
    const env = { API_KEY: 'api-key-0123456', DATABASE_URL: 'postgres://app:db-pass-99@db/app', REG_USER: 'ci-user', REG_PASS: 'reg-pass-4711', HOOK_URL: 'https://hooks.test/T0/secret-path' };
    const redactor = redactorFor(config, env);
    const text = `key api-key-0123456 db postgres://app:db-pass-99@db/app pw db-pass-99 user ci-user reg reg-pass-4711 hook https://hooks.test/T0/secret-path`;
    expect(redactor.redact(text)).toBe('key [REDACTED] db [REDACTED] pw [REDACTED] user ci-user reg [REDACTED] hook [REDACTED]');
    expect(activeRedactor()).toBe(redactor);
  });

  it('skips a variable that is not set: nothing to mask, no error', () => {
    expect(redactorFor(config, { API_KEY: 'api-key-0123456' }).redact('api-key-0123456 and reg-pass-4711')).toBe('[REDACTED] and reg-pass-4711');
  });
});
