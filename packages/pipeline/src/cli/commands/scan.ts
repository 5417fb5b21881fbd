import { validateTag } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { decideScan, formatScanSummary } from '../../planning/scan-gate.js';
import { imageRef } from '../../planning/names.js';
import { findTrivy, readIgnoreFile, runTrivy, toSarif, trivyArgv, TRIVY_INSTALL_URL, writeSarif } from '../../ports/scanner/index.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** `ferry scan`: the deploy's scan gate on a local image, alone; exit 1 when it blocks. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  if (args.tag === undefined) throw new ConfigError('--tag is required: the image tag to scan, e.g. --tag v1.2.3');
  const tag = validateTag(args.tag, '--tag');
  const config = await loadConfigFor(args);
  // Asked for explicitly, so a missing scanner is bad input rather than a skip.
  if (!findTrivy(process.env.PATH)) throw new ConfigError(`trivy is not installed (not found on PATH); install it: ${TRIVY_INSTALL_URL}`);
  const image = imageRef(config, tag);
  const report = await runTrivy({
    argv: trivyArgv({ image, ignoreUnfixed: false, ignoreFile: '/dev/null' }),
    timeoutMs: config.scan.timeoutMs,
    signal,
    onOutput: (line) => process.stderr.write(`${line}\n`),
  });
  const ignore = config.scan.ignoreFile ? await readIgnoreFile(config.scan.ignoreFile) : [];
  const decision = decideScan(report.findings, { failOn: config.scan.failOn, ignoreUnfixed: config.scan.ignoreUnfixed, ignore, now: new Date() });
  if (config.scan.sarif) await writeSarif(config.scan.sarif, toSarif(report.findings, { trivyVersion: report.trivyVersion, artifactName: image }));
  if (args.json) printJson({ image, ...decision, sarif: config.scan.sarif ?? null });
  else printLines([`${image}: ${decision.passed ? 'passed' : 'BLOCKED'} (fail_on ${config.scan.failOn.join(', ')})`, ...formatScanSummary(decision), ...(config.scan.sarif ? [`SARIF: ${config.scan.sarif}`] : [])]);
  return decision.passed ? 0 : 1;
}
