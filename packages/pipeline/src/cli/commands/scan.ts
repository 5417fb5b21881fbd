import { validateTag } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { formatScanSummary } from '../../planning/scan-gate.js';
import { imageRef } from '../../planning/names.js';
import { findTrivy, TRIVY_INSTALL_URL } from '../../ports/scanner/index.js';
import { scanImage } from '../../ports/scanner/scan-image.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines, printProgress } from '../print.js';

/** `ferry scan`: the deploy's scan gate on a local image, alone; exit 1 when it blocks. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  if (args.tag === undefined) throw new ConfigError('--tag is required: the image tag to scan, e.g. --tag v1.2.3');
  const tag = validateTag(args.tag, '--tag');
  const config = await loadConfigFor(args);
  // Asked for explicitly, so a missing scanner is bad input rather than a skip.
  if (!findTrivy(process.env.PATH)) throw new ConfigError(`trivy is not installed (not found on PATH); install it: ${TRIVY_INSTALL_URL}`);
  const image = imageRef(config, tag);
  const { decision } = await scanImage({ image, scan: config.scan, signal, onOutput: printProgress });
  if (args.json) printJson({ image, ...decision, sarif: config.scan.sarif ?? null });
  else printLines([`${image}: ${decision.passed ? 'passed' : 'BLOCKED'} (fail_on ${config.scan.failOn.join(', ')})`, ...formatScanSummary(decision), ...(config.scan.sarif ? [`SARIF: ${config.scan.sarif}`] : [])]);
  return decision.passed ? 0 : 1;
}
