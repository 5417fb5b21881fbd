import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { BASE_YAML, sandboxLoader } from './test-fixtures.js';

// router.preview_listen and strategy.auto_promote as the loader sees them.

const load = sandboxLoader();

async function failure(yaml: string): Promise<string> {
  const error = await load(yaml).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).exitCode).toBe(2);
  return (error as ConfigError).message;
}

// BASE_YAML's router (line 17) with the given lines first
const withRouter = (lines: string) => BASE_YAML.replace('router:\n', () => `router:\n${lines}`);

describe('router.preview_listen and strategy.auto_promote', () => {
  it('absent: no preview address and deploys switch (auto_promote true)', async () => {
    const config = await load(BASE_YAML);
    expect(config.router.previewListen).toBeUndefined();
    expect(config.strategy.autoPromote).toBeUndefined();
  });

  it('read as an address; auto_promote: false is kept', async () => {
    const config = await load(withRouter('  runtime: container\n  preview_listen: 127.0.0.1:8081\n').replace('  keep_previous: true\n', '  keep_previous: true\n  auto_promote: false\n'));
    expect(config.router.previewListen).toEqual({ host: '127.0.0.1', port: 8081 });
    expect(config.strategy).toMatchObject({ type: 'blue-green', monitorMs: 10_000, keepPrevious: true, retain: 3, autoPromote: false });
  });

  it.each<[string, string, string]>([
    ['the host router', withRouter('  runtime: host\n  preview_listen: 127.0.0.1:8081\n'), 'test.yaml:19 router/preview_listen: needs router/runtime: container (the host nginx router has no preview server); set router/runtime: container, or remove preview_listen: a staged release is then checked through the router with the preview header only'],
    ['the port of router/listen', withRouter('  runtime: container\n  preview_listen: 0.0.0.0:8080\n'), 'test.yaml:19 router/preview_listen: port 8080 is also router/listen; the preview needs a port of its own, e.g. 127.0.0.1:8081'],
    ['not an address', withRouter('  preview_listen: eighty\n'), 'test.yaml:18 router/preview_listen:'],
    ['auto_promote "no"', BASE_YAML.replace('  keep_previous: true\n', '  keep_previous: true\n  auto_promote: "no"\n'), 'test.yaml:25 strategy/auto_promote: should be true or false (got "no")'],
  ])('%s is exit 2 naming the key and the fix', async (_name, yaml, expected) => {
    expect(await failure(yaml)).toContain(expected);
  });
});
