import type { ScanConfig } from '../../config/types.js';
import { decideScan } from '../../planning/scan-gate.js';
import { readIgnoreFile } from './ignore-file.js';
import { toSarif, writeSarif } from './sarif.js';
import { trivyArgv } from './describe.js';
import { runTrivy } from './trivy.js';
import type { ScanDecision, TrivyReport } from './types.js';

/** Trivy on one image, judged by the environment's scan settings; SARIF written when configured. */
export async function scanImage(input: {
  image: string;
  scan: ScanConfig;
  signal?: AbortSignal;
  onOutput: (line: string) => void;
}): Promise<{ report: TrivyReport; decision: ScanDecision }> {
  const { image, scan } = input;
  // The gate applies the ignore file itself so the output can say what it ignored; trivy gets an
  // empty one so it never reads a stray ./.trivyignore.
  const report = await runTrivy({
    argv: trivyArgv({ image, ignoreUnfixed: false, ignoreFile: '/dev/null' }),
    timeoutMs: scan.timeoutMs,
    signal: input.signal,
    onOutput: input.onOutput,
  });
  const ignore = scan.ignoreFile ? await readIgnoreFile(scan.ignoreFile) : [];
  const decision = decideScan(report.findings, { failOn: scan.failOn, ignoreUnfixed: scan.ignoreUnfixed, ignore, now: new Date() });
  if (scan.sarif) await writeSarif(scan.sarif, toSarif(report.findings, { trivyVersion: report.trivyVersion, artifactName: image }));
  return { report, decision };
}
