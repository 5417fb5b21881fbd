// An environment on the router container with strategy canary and a first release (v1) serving, for the canary e2e tests.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { expect } from 'vitest';
import type { ReleaseReport } from '../../src/state/report-types.js';
import { ferry } from './ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from './environment.js';
import { ROUTER_IMAGE } from './images.js';

export const CANARY = `strategy:
  type: canary
  steps: [10, 50, 100]
  step_duration: 4s
  analysis: { max_error_rate: 1%, min_requests: 20, max_extensions: 1 }
`; // the harness's monitor, keep_previous and retain follow

export interface CanaryEnvironment {
  env: TestEnvironment;
  file: string; // the environment's file, for a test to change
  cleanup: () => Promise<void>;
}

/** `strategy` replaces CANARY (e.g. with analysis.prometheus); v1 is deployed (a first release: a plain switch). */
export async function canaryEnvironment(strategy = CANARY): Promise<CanaryEnvironment> {
  const env = await makeEnvironment();
  const file = path.join(env.environmentsDir, `${env.env}.yaml`);
  const cleanup = async () => {
    await env.cleanup();
    await new Dockerode().getNetwork(`ferry-${env.app}-${env.env}`).remove().catch(() => undefined);
  };
  const yaml = (await readFile(file, 'utf8'))
    .replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`)
    // the gate is not under test here: a busy machine must not fail it
    .replace('deploy_timeout: 20s', 'deploy_timeout: 10m')
    .replace('strategy:\n', strategy);
  await writeFile(file, `${yaml}probe: { rate: 50, path: / }\n`);
  const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
  expect(first.code, first.stderr).toBe(0);
  return { env, file, cleanup };
}

/** The release report of a deploy run with --json. */
export async function canaryReport(env: TestEnvironment, stdout: string): Promise<ReleaseReport> {
  const { releaseId } = JSON.parse(stdout);
  const shown = await ferry(env.args('report', '--id', releaseId, '--json'));
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout);
}
