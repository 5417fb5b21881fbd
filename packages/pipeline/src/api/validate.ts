import path from 'node:path';
import { defaultVerify, formatVerification, runVerification, type VerificationResult } from '@ferry/verify-tests';
import { routedPort, routerUrl } from '../planning/names.js';
import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { asServed, createPorts } from '../flows/ports.js';
import { readStatus } from './status.js';

/**
 * The live-deployment suites against the environment's router; JUnit under `<cwd>/reports/junit/`.
 * `preview`: against the staged release instead (router/preview_listen, else through the router with its preview header).
 */
export async function validateDeployment(
  config: EnvironmentConfig,
  signal?: AbortSignal,
  opts: { preview?: boolean } = {},
): Promise<{ result: VerificationResult; activeTag: string | null; lines: string[] }> {
  const status = await readStatus(config, signal);
  const target = opts.preview ? await stagedTarget(config, status.staged, signal) : { baseUrl: routerUrl(config), headers: undefined, tag: status.active?.version ?? null, what: 'active' };
  const activeTag = target.tag;
  const result = await runVerification({
    baseUrl: target.baseUrl,
    verify: config.verify ?? defaultVerify(config.health.path),
    activeTag,
    healthPath: config.health.path,
    junitFile: path.resolve('reports/junit', `verify-${config.name}${opts.preview ? '-preview' : ''}.xml`),
    name: `ferry verify ${config.name}${opts.preview ? ' preview' : ''}`,
    ...(target.headers && { headers: target.headers }),
    ...(signal && { signal }),
  });
  const via = target.headers ? `${result.baseUrl} with the router's preview header` : result.baseUrl;
  const lines = [`validate ${config.name} (${target.what} ${activeTag ?? 'none'} via ${via}):`, ...formatVerification(result)];
  return { result, activeTag, lines };
}

/** Where the staged release answers: its preview address, else the router with the preview header (exit 2 when nothing is staged). */
async function stagedTarget(config: EnvironmentConfig, staged: Awaited<ReturnType<typeof readStatus>>['staged'], signal?: AbortSignal) {
  if (!staged) {
    throw new ConfigError(`ferry validate --preview: ${config.name} has no staged release to check; stage one with \`ferry deploy --env ${config.name} --tag TAG --no-switch\`, or drop --preview to check the live one`);
  }
  const base = { tag: staged.version, what: `staged ${staged.colour}` };
  if (staged.previewUrl) return { ...base, baseUrl: staged.previewUrl, headers: undefined };
  const served = await asServed(config);
  const endpoint = await createPorts(served, signal).router.colourEndpoint(staged.colour, routedPort(served, staged.colour), '');
  return { ...base, baseUrl: endpoint.url, headers: endpoint.headers };
}
