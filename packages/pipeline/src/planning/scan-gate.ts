import { matchIgnore } from '../ports/scanner/ignore-match.js';
import { SEVERITIES } from '../ports/scanner/types.js';
import type { Finding, IgnoreEntry, IgnoredFinding, ScanDecision, ScanPolicy, Severity } from '../ports/scanner/types.js';

// The scan gate is decided here from the parsed report, never from trivy's exit code, so the same
// policy gives the same answer for a live scan, a saved report, or a report made by CI.

export const DEFAULT_FAIL_ON: Severity[] = ['CRITICAL'];

/** What `--ignore-unfixed` ignores in trivy: no fix released, or a vendor status that says none is coming. */
const UNFIXED_STATUSES = new Set(['affected', 'will_not_fix', 'fix_deferred', 'end_of_life']);

export function isUnfixed(finding: Finding): boolean {
  return finding.kind === 'vuln' && (!finding.fixed || UNFIXED_STATUSES.has(finding.status ?? ''));
}

export function decideScan(findings: Finding[], policy: ScanPolicy): ScanDecision {
  const failOn = policy.failOn ?? DEFAULT_FAIL_ON;
  const ignored: IgnoredFinding[] = [];
  const remaining: Finding[] = [];
  const expiredIgnores = new Set<IgnoreEntry>();
  for (const finding of findings) {
    if (policy.ignoreUnfixed && isUnfixed(finding)) {
      ignored.push({ finding, reason: 'unfixed' });
      continue;
    }
    const match = matchIgnore(finding, policy.ignore, policy.now);
    if (match.active) {
      ignored.push({ finding, reason: 'ignore-file', entry: match.active });
      continue;
    }
    match.expired.forEach((entry) => expiredIgnores.add(entry));
    remaining.push(finding);
  }
  const blocking = remaining.filter((f) => failOn.includes(f.severity));
  return { failOn, counts: countBySeverity(remaining), blocking, ignored, expiredIgnores: [...expiredIgnores], passed: blocking.length === 0 };
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Human summary: the counts, one line per blocking finding, one per expired ignore entry. */
export function formatScanSummary(decision: ScanDecision): string[] {
  return [
    SEVERITIES.map((s) => `${s} ${decision.counts[s]}`).join(' · '),
    ...decision.blocking.map(describeFinding),
    ...decision.expiredIgnores.map((e) => `ignore entry ${e.id} expired on ${e.expiresAt} and no longer applies`),
  ];
}

export function describeFinding(f: Finding): string {
  if (f.kind === 'vuln') return `${f.id} ${f.pkg ?? '?'} ${f.installed ?? '?'} → ${f.fixed ?? 'no fix'} (${f.severity})`;
  return `${f.id} in ${f.target}${f.title ? `: ${f.title}` : ''} (${f.severity})`;
}
