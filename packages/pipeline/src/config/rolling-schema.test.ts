import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { batchSize } from './rolling-schema.js';
import { BASE_YAML, sandboxLoader } from './test-fixtures.js';

const load = sandboxLoader();

const rolling = (lines: string) => BASE_YAML.replace('strategy:\n', `strategy:\n  type: rolling\n${lines}`);

describe('strategy rolling: batch and order', () => {
  it('a count or a percent; a percent rounds up to at least one replica, a count stops at the replicas', () => {
    expect([batchSize({ count: 1 }, 3), batchSize({ count: 5 }, 3), batchSize({ percent: 34 }, 3), batchSize({ percent: 1 }, 3), batchSize({ percent: 100 }, 3)]).toEqual([1, 3, 2, 1, 3]);
  });

  it('read from the file', async () => {
    expect((await load(rolling('  batch: 50%\n'))).strategy).toMatchObject({ type: 'rolling', rolling: { batch: { percent: 50 }, order: 'start-first' } });
    expect((await load(rolling('  batch: 2\n'))).strategy.rolling.batch).toEqual({ count: 2 });
  });

  it.each<[string, string, string]>([
    ['batch 0', '  batch: 0\n', 'strategy/batch: should be a whole number of replicas ≥ 1 or a percent like "34%" (got 0); e.g. batch: 1 (one replica at a time) or batch: 50%'],
    ['batch "half"', '  batch: half\n', 'strategy/batch: should be a whole number of replicas ≥ 1 or a percent like "34%" (got "half")'],
    ['order stop-first', '  order: stop-first\n', 'strategy/order: should be one of "start-first" (got "stop-first")'],
  ])('%s is exit 2 naming the key', async (_name, lines, expected) => {
    const error = await load(rolling(lines)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(expected);
  });
});
