import path from 'node:path';
import { FerryError } from '../errors.js';
import { statePaths } from '../state/paths.js';
import type { FlowTask } from '../flows/context.js';
import { routerUrl } from './probe.js';

/** Right after the switch, with the probe still running: the smoke suite against the router; a failure rolls back. */
export function verifyLiveStep(): FlowTask {
  return {
    title: 'Verify (smoke)',
    // Only with a verify section: without one the monitor's health probes already cover /health.
    enabled: (ctx) => ctx.config.verify?.afterSwitch === true,
    task: async (ctx, task) => {
      const { runVerification } = await import('@ferry/verify-tests'); // loaded only when a deploy verifies
      const result = await runVerification({
        baseUrl: routerUrl(ctx, ''),
        verify: ctx.config.verify!,
        activeTag: ctx.target!.version,
        suites: ['smoke'],
        healthPath: ctx.config.health.path,
        junitFile: path.join(statePaths(ctx.config.stateDir).reportsDir, 'junit', `${ctx.releaseId}.xml`),
        name: `ferry verify ${ctx.config.name} ${ctx.tag}`,
        signal: ctx.signal,
      });
      ctx.verify = { passed: result.passed, total: result.total, failed: result.failed, junitFile: result.junitFile };
      const failures = result.tests.filter((t) => !t.ok && !t.skipped);
      if (!result.passed) throw new FerryError(`verify: ${result.failed} of ${result.total} smoke check(s) failed: ${failures.map((t) => t.message ?? t.name).join('; ')}`);
      task.title = `Verify (smoke): ${result.total} checks passed through the router in ${result.durationMs} ms`;
    },
  };
}
