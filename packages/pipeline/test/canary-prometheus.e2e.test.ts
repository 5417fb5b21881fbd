import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, canaryEnvironment, canaryReport, type CanaryEnvironment } from './support/canary.js';
import { ferry } from './support/ferry.js';
import { startPrometheus, type TestPrometheus } from './support/prometheus.js';
import { servedVersion } from './support/served-version.js';

// strategy.analysis.prometheus end to end on a real Prometheus: a value above max aborts the canary; a query with no
// data is inconclusive, extends the step, then fails naming analysis.prometheus. Shared tags v1 and v2 only (retain: 3).

const withPrometheus = (url: string) => CANARY.replace('max_extensions: 1 }', `max_extensions: 1,\n    prometheus: { url: "${url}", query: "vector(7)", max: 5 } }`);

describe('canary with analysis.prometheus', () => {
  let prometheus: TestPrometheus | undefined;
  let canary: CanaryEnvironment | undefined;

  beforeAll(async () => {
    prometheus = await startPrometheus();
    canary = await canaryEnvironment(withPrometheus(prometheus.url)); // v1 serves
  });

  afterAll(async () => {
    await canary?.cleanup();
    await prometheus?.stop();
  });

  it('a query whose value is above max aborts the canary at its first step, naming the query and the value; v1 serves', async () => {
    const { env } = canary!;
    const deploy = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    expect(deploy.code, deploy.stderr).toBe(1);
    expect(JSON.parse(deploy.stdout).message).toMatch(/canary aborted: step 1 \(10 %\) failed its analysis: (.*; )?analysis\.prometheus query `vector\(7\)` = 7, above analysis\.prometheus\.max 5/);
    const { canary: run } = await canaryReport(env, deploy.stdout);
    expect(run).toMatchObject({ outcome: 'aborted', steps: [{ step: 1, weight: 10, verdict: 'fail', prometheus: { query: 'vector(7)', value: 7 } }] });
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
  });

  it('a query with no data (placeholders filled for this canary) is inconclusive: the step is extended, then fails naming analysis.prometheus', async () => {
    const { env, file } = canary!;
    const yaml = await readFile(file, 'utf8');
    // min_requests 1: the requests pass, so only the query can hold the step
    await writeFile(file, yaml.replace('query: "vector(7)"', `query: 'up{job="ferry-{{version}}-{{canary_colour}}"}'`).replace('min_requests: 20', 'min_requests: 1').replace('step_duration: 4s', 'step_duration: 2s'));
    try {
      const deploy = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
      expect(deploy.code, deploy.stderr).toBe(1);
      expect(JSON.parse(deploy.stdout).message).toMatch(
        /step 1 \(10 %\) is inconclusive after 1 extension\(s\) \(analysis\.max_extensions\): analysis\.prometheus query `up\{job="ferry-v2-(blue|green)"\}` returned no data \(an empty result\)\. Check analysis\.prometheus/,
      );
      const { canary: run } = await canaryReport(env, deploy.stdout);
      expect(run!.steps.map((step) => [step.extension, step.verdict, step.prometheus?.value])).toEqual([
        [0, 'inconclusive', null],
        [1, 'inconclusive', null],
      ]);
      expect(run!.steps[0]!.prometheus!.query).toMatch(/^up\{job="ferry-v2-(blue|green)"\}$/);
      expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
    } finally {
      await writeFile(file, yaml);
    }
  });
});
