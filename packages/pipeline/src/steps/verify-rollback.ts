import { FerryError } from '../errors.js';
import type { FlowTask } from '../flows/context.js';
import { verifyThroughRouter } from './verification-support.js';

/** After a rollback's switch: smoke checks, and the marker written before it is still readable. */
export function verifyRollbackStep(): FlowTask {
  return {
    title: 'Verify rollback integrity',
    enabled: (ctx) => ctx.config.verify !== undefined,
    task: async (ctx, task) => {
      const { result, failures } = await verifyThroughRouter(ctx, ctx.marker ? ['smoke', 'rollback-integrity'] : ['smoke'], 'rollback');
      if (!result.passed) throw new FerryError(`verify after rollback: ${failures.join('; ')}`);
      task.title = `Verify rollback integrity: ${result.total} checks passed${ctx.marker ? `, marker ${ctx.marker.value} still readable` : ''}`;
    },
  };
}
