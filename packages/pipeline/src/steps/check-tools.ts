import { ConfigError } from '../errors.js';
import { findK6, k6MissingError } from '../ports/loadtest/k6.js';
import { findTrivy, TRIVY_INSTALL_URL } from '../ports/scanner/index.js';
import type { FlowTask } from '../flows/context.js';

/** Tools the environment insists on must exist before anything changes (exit 2 with an install hint). */
export function checkToolsStep(): FlowTask {
  return {
    title: 'Check tools',
    enabled: (ctx) => ctx.config.scan.required || ctx.config.loadtest?.engine === 'k6',
    task: (ctx, task) => {
      if (ctx.config.scan.required && !findTrivy(process.env.PATH)) {
        throw new ConfigError(`${ctx.config.file} scan/required is true but trivy is not on PATH; install it (${TRIVY_INSTALL_URL}) or set scan: { required: false } to skip the scan`);
      }
      if (ctx.config.loadtest?.engine === 'k6' && !findK6(process.env.PATH)) throw k6MissingError('k6');
      task.title = 'Check tools: found';
    },
  };
}
