import path from 'node:path';
import { FerryError } from '../errors.js';
import { statePaths } from '../state/paths.js';
import type { FlowTask } from '../flows/context.js';
import { routerUrl } from './probe.js';

/** After a rollback's switch: smoke checks, and the marker written before it is still readable. */
export function verifyRollbackStep(): FlowTask {
  return {
    title: 'Verify rollback integrity',
    enabled: (ctx) => ctx.config.verify !== undefined,
    task: async (ctx, task) => {
      const { runVerification } = await import('@ferry/verify-tests'); // loaded only when a rollback verifies
      const result = await runVerification({
        baseUrl: routerUrl(ctx, ''),
        verify: ctx.config.verify!,
        activeTag: ctx.target!.version,
        suites: ctx.marker ? ['smoke', 'rollback-integrity'] : ['smoke'],
        ...(ctx.marker && { marker: ctx.marker }),
        healthPath: ctx.config.health.path,
        junitFile: path.join(statePaths(ctx.config.stateDir).reportsDir, 'junit', `${ctx.releaseId}.xml`),
        name: `ferry verify rollback ${ctx.config.name} ${ctx.tag}`,
        signal: ctx.signal,
      });
      ctx.verify = { passed: result.passed, total: result.total, failed: result.failed, junitFile: result.junitFile };
      const failures = result.tests.filter((t) => !t.ok && !t.skipped);
      if (!result.passed) throw new FerryError(`verify after rollback: ${failures.map((t) => t.message ?? t.name).join('; ')}`);
      task.title = `Verify rollback integrity: ${result.total} checks passed${ctx.marker ? `, marker ${ctx.marker.value} still readable` : ''}`;
    },
  };
}
