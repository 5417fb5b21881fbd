import { expect } from 'vitest';
import { ferry, type FerryRun } from './ferry.js';
import type { TestEnvironment } from './environment.js';
import { startLoad, type LoadResult } from './load.js';
import { servedVersion } from './served-version.js';
import { waitFor } from './wait.js';

/** deploy v1, then v2 under 100 req/s through the router: both succeed blue → green and no request fails. */
export async function deployV1ThenV2UnderLoad(env: TestEnvironment): Promise<{ first: FerryRun; second: FerryRun; seen: LoadResult }> {
  const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
  expect(first.code, first.stderr).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' } });

  const load = startLoad(`${env.routerUrl}/`, 100);
  await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v1');
  const second = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
  await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v2');
  const seen = await load.stop();

  expect(second.code, second.stderr).toBe(0);
  expect(JSON.parse(second.stdout)).toMatchObject({ outcome: 'succeeded', from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v2' } });
  expect(seen.failures).toEqual([]);
  expect(seen.sent).toBeGreaterThan(0);
  expect(seen.versions.some((v) => v.version === 'v1')).toBe(true);
  return { first, second, seen };
}
