import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironment } from './index.js';
import { BASE_YAML, makeSandbox, type Sandbox } from './test-fixtures.js';

const PORTS = '  ports:\n    blue: 18081\n    green: 18082\n';
const WARNING =
  "router/ports is not used with router/runtime: container (the colours publish no host port; the router reaches them on the environment's network): delete it";

let box: Sandbox;
beforeAll(async () => {
  box = await makeSandbox();
});
afterAll(() => box.cleanup());

async function load(yaml: string) {
  if (!BASE_YAML.includes(PORTS)) throw new Error('fixture has no router ports block');
  await box.write('test.yaml', yaml);
  return loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: {} });
}

describe('router/ports with router/runtime: container (a key that no longer matters)', () => {
  it('is optional: a container router file without it loads, with no warning', async () => {
    const config = await load(BASE_YAML.replace(PORTS, '  runtime: container\n'));
    expect(config.router.ports).toBeUndefined();
    expect(config.warnings).toEqual([]);
  });

  it('given anyway, it is accepted with a warning naming router/ports, even when the ports would clash', async () => {
    const clashing = PORTS.replace('18082', '18081');
    const config = await load(BASE_YAML.replace(PORTS, `  runtime: container\n${clashing}`));
    expect(config.router.runtime).toBe('container');
    expect(config.warnings).toEqual([WARNING]);
  });

  it('the host router still uses them: no warning', async () => {
    expect((await load(BASE_YAML.replace('router:\n', 'router:\n  runtime: host\n'))).warnings).toEqual([]);
  });

  it('a file that leaves router/runtime to its default (container) is warned with the other fix too: router/runtime: host', async () => {
    const config = await load(BASE_YAML);
    expect(config.router).toMatchObject({ runtime: 'container', runtimeDefaulted: true, ports: { blue: 18081, green: 18082 } });
    expect(config.warnings).toEqual([
      "router/ports is not used with router/runtime: container, the default when router/runtime is not set (the colours publish no host port; the router reaches them on the environment's network): delete it, or set router/runtime: host to keep the host nginx router",
    ]);
  });

  it('an app on container/network host: the router container reaches the colours at router/ports on the loopback, no warning', async () => {
    const config = await load(BASE_YAML.replace('  port: 3000\n', '  port: 3000\n  network: host\n'));
    expect(config.router).toMatchObject({ runtime: 'container', runtimeDefaulted: true, ports: { blue: 18081, green: 18082 } });
    expect(config.warnings).toEqual([]);
  });
});
