// Shared by the deploy's verify step and the rollback's integrity step. Not a step itself.
import path from 'node:path';
import type { FlowContext } from '../flows/context.js';
import { statePaths } from '../state/paths.js';
import { routerUrl } from '../planning/names.js';

type Suite = 'smoke' | 'rollback-integrity';

/** The live suites through the router against the release's tag; records the outcome for the report. */
export async function verifyThroughRouter(ctx: FlowContext, suites: Suite[], what: string) {
  const { runVerification } = await import('@ferry/verify-tests'); // loaded only when a command verifies
  const result = await runVerification({
    baseUrl: routerUrl(ctx.config),
    verify: ctx.config.verify!,
    activeTag: ctx.target!.version,
    suites,
    ...(ctx.marker && { marker: ctx.marker }),
    healthPath: ctx.config.health.path,
    junitFile: path.join(statePaths(ctx.config.stateDir).reportsDir, 'junit', `${ctx.releaseId}.xml`),
    name: `ferry verify ${what} ${ctx.config.name} ${ctx.tag}`,
    signal: ctx.signal,
  });
  ctx.verify = { passed: result.passed, total: result.total, failed: result.failed, junitFile: result.junitFile };
  const failures = result.tests.filter((t) => !t.ok && !t.skipped).map((t) => t.message ?? t.name);
  return { result, failures };
}
