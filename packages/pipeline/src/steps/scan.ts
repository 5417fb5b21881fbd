import { FerryError } from '../errors.js';
import { describeFinding, formatScanSummary } from '../planning/scan-gate.js';
import { imageRef } from '../planning/names.js';
import { findTrivy, TRIVY_INSTALL_URL } from '../ports/scanner/index.js';
import { scanImage } from '../ports/scanner/scan-image.js';
import type { FlowTask } from '../flows/context.js';

/** Trivy on the built image, gated on scan.fail_on; without trivy the step says SKIPPED and why. */
export function scanStep(): FlowTask {
  return {
    title: 'Scan image',
    skip: (ctx) => {
      if (findTrivy(process.env.PATH)) return false;
      const reason = `trivy not found on PATH (scan.required: false); install it: ${TRIVY_INSTALL_URL}`;
      ctx.scan = { status: 'skipped', reason };
      return reason;
    },
    rendererOptions: { persistentOutput: true },
    task: async (ctx, task) => {
      const scan = ctx.config.scan;
      const image = imageRef(ctx.config, ctx.tag);
      task.title = `Scan ${image} with trivy`;
      // the pinned ID: what is scanned is what starts, even if the tag moved since the build
      const { decision } = await scanImage({ image: ctx.imageId ?? image, scan, signal: ctx.signal, onOutput: (line) => (task.output = line) });
      ctx.scan = {
        status: decision.passed ? 'passed' : 'failed',
        counts: decision.counts,
        blocking: decision.blocking.map(describeFinding),
        ignored: decision.ignored.length,
        ...(scan.sarif && { sarif: scan.sarif }),
      };
      const summary = formatScanSummary(decision);
      task.output = summary.join('\n');
      if (!decision.passed) {
        throw new FerryError(`scan: ${decision.blocking.length} finding(s) at ${scan.failOn.join('/')} block ${image}:\n${summary.slice(1).join('\n')}`);
      }
      task.title = `Scan ${image}: ${summary[0]}${decision.ignored.length ? ` (${decision.ignored.length} ignored)` : ''}`;
    },
  };
}
