import { FerryError } from '../errors.js';
import type { FlowTask } from '../flows/context.js';
import { verifyThroughRouter } from './verification-support.js';

/** Right after the switch, with the probe still running: the smoke suite against the router; a failure rolls back. */
export function verifyLiveStep(): FlowTask {
  return {
    title: 'Verify (smoke)',
    // Only with a verify section: without one the monitor's health probes already cover /health.
    enabled: (ctx) => ctx.config.verify?.afterSwitch === true,
    task: async (ctx, task) => {
      const { result, failures } = await verifyThroughRouter(ctx, ['smoke'], 'deploy');
      if (!result.passed) throw new FerryError(`verify: ${result.failed} of ${result.total} smoke check(s) failed: ${failures.join('; ')}`);
      task.title = `Verify (smoke): ${result.total} checks passed through the router in ${result.durationMs} ms`;
    },
  };
}
