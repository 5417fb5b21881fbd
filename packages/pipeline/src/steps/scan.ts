import { FerryError } from '../errors.js';
import { decideScan, describeFinding, formatScanSummary } from '../planning/scan-gate.js';
import { imageRef } from '../planning/names.js';
import { findTrivy, readIgnoreFile, runTrivy, toSarif, trivyArgv, TRIVY_INSTALL_URL, writeSarif } from '../ports/scanner/index.js';
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
      // The gate applies the ignore file itself so the report can say what it ignored; trivy gets an
      // empty one so it never reads a stray ./.trivyignore.
      const report = await runTrivy({
        argv: trivyArgv({ image, ignoreUnfixed: false, ignoreFile: '/dev/null' }),
        timeoutMs: scan.timeoutMs,
        signal: ctx.signal,
        onOutput: (line) => {
          task.output = line;
        },
      });
      const ignore = scan.ignoreFile ? await readIgnoreFile(scan.ignoreFile) : [];
      const decision = decideScan(report.findings, { failOn: scan.failOn, ignoreUnfixed: scan.ignoreUnfixed, ignore, now: new Date() });
      if (scan.sarif) await writeSarif(scan.sarif, toSarif(report.findings, { trivyVersion: report.trivyVersion, artifactName: image }));
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
