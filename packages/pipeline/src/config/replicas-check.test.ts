import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { BASE_YAML, sandboxLoader } from './test-fixtures.js';

// container/replicas as the loader sees it.

const load = sandboxLoader();

const withReplicas = (replicas: string, router = '  runtime: container\n') => BASE_YAML.replace('container:\n', `container:\n  replicas: ${replicas}\n`).replace('router:\n', `router:\n${router}`);

describe('container/replicas', () => {
  it('defaults to 1; a number is kept', async () => {
    expect((await load(BASE_YAML)).container.replicas).toBe(1);
    expect((await load(withReplicas('3'))).container.replicas).toBe(3);
  });

  it.each<[string, string, string]>([
    ['with the host router', withReplicas('3', '  runtime: host\n'), "container/replicas: is 3, but router/runtime host gives each colour one port on 127.0.0.1; set router/runtime: container (its upstream lists every replica on the environment's network), or replicas: 1"],
    ['with network host', withReplicas('2').replace('  port: 3000\n', '  port: 3000\n  network: host\n'), "container/replicas: is 2, but container/network host gives each colour one port on the host; set container/network: bridge"],
    ['zero', withReplicas('0'), 'container/replicas: should be a whole number ≥ 1'],
    ['a fraction', withReplicas('1.5'), 'container/replicas: should be a whole number'],
  ])('%s is exit 2 naming the key and the fix', async (_name, yaml, expected) => {
    const error = await load(yaml).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).message).toContain(expected);
  });
});
