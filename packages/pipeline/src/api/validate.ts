import path from 'node:path';
import { defaultVerify, formatVerification, runVerification, type VerificationResult } from '@ferry/verify-tests';
import { routerUrl } from '../planning/names.js';
import type { EnvironmentConfig } from '../config/types.js';
import { readStatus } from './status.js';

/** The live-deployment suites against the environment's router; JUnit under `<cwd>/reports/junit/`. */
export async function validateDeployment(config: EnvironmentConfig, signal?: AbortSignal): Promise<{ result: VerificationResult; activeTag: string | null; lines: string[] }> {
  const status = await readStatus(config, signal);
  const activeTag = status.active?.version ?? null;
  const result = await runVerification({
    baseUrl: routerUrl(config),
    verify: config.verify ?? defaultVerify(config.health.path),
    activeTag,
    healthPath: config.health.path,
    junitFile: path.resolve('reports/junit', `verify-${config.name}.xml`),
    name: `ferry verify ${config.name}`,
    ...(signal && { signal }),
  });
  const lines = [`validate ${config.name} (active ${activeTag ?? 'none'} via ${result.baseUrl}):`, ...formatVerification(result)];
  return { result, activeTag, lines };
}
