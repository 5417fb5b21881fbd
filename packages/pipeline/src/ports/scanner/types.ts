// Shared by the trivy report parser, the ignore files, SARIF and the scan gate (planning/scan-gate.ts).

/** Trivy's severities, most severe first (the order summaries print them in). */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The finding kinds trivy's Results.Failed() counts (licenses are not scanned for images by default). */
export type FindingKind = 'vuln' | 'secret' | 'misconfig';

export interface Finding {
  kind: FindingKind;
  /** VulnerabilityID (vuln), RuleID (secret) or ID (misconfig). */
  id: string;
  severity: Severity;
  /** The Result's Target: "image (alpine 3.9.4)", "Ruby", "Dockerfile", "deploy.sh"… */
  target: string;
  pkg?: string;
  installed?: string;
  /** Absent when no fix exists (trivy omits FixedVersion then). */
  fixed?: string;
  /** fixed | affected | will_not_fix | fix_deferred | end_of_life | …; for misconfigs always FAIL. */
  status?: string;
  title?: string;
  /** Other IDs an ignore entry may name: a misconfig's AVDID. */
  aliases?: string[];
  /** Package path inside the image (lang-pkgs), matched by ignore-file `paths` like the target. */
  pkgPath?: string;
  /** Package URL, matched by ignore-file `purls`. */
  purl?: string;
  /** CVSS v3 base score from the severity's source (else NVD), when known: SARIF security-severity. */
  score?: number;
  /** Advisory link (PrimaryURL). */
  url?: string;
}

export interface TrivyReport {
  schemaVersion: 2;
  artifactName?: string;
  artifactType?: string;
  trivyVersion?: string;
  createdAt?: string;
  /** Present for image scans that detected an OS; eosl = the distribution is end-of-life. */
  os?: { family: string; name?: string; eosl: boolean };
  findings: Finding[];
}

/** Which findings an ignore entry applies to; a plain .trivyignore line applies to every kind. */
export type IgnoreScope = 'all' | 'vulnerability' | 'misconfiguration' | 'secret' | 'license';

export interface IgnoreEntry {
  scope: IgnoreScope;
  id: string;
  /** Globs (doublestar syntax) matched against the target or package path; none = everywhere. */
  paths?: string[];
  /** Package URLs; one without a version matches every version. */
  purls?: string[];
  /** As written: `exp:2020-01-01` or `expired_at: 2023-01-01`; the entry stops counting after it. */
  expiresAt?: string;
  statement?: string;
}

export type IgnoreReason = 'ignore-file' | 'unfixed';

export interface IgnoredFinding {
  finding: Finding;
  reason: IgnoreReason;
  /** The ignore entry that matched (reason ignore-file). */
  entry?: IgnoreEntry;
}

export interface ScanPolicy {
  /** Severities that block the deploy; default ['CRITICAL']; [] = report only. */
  failOn?: Severity[];
  ignoreUnfixed: boolean;
  ignore: IgnoreEntry[];
  now: Date;
}

export interface ScanDecision {
  failOn: Severity[];
  /** Findings per severity after ignore-unfixed and the ignore file. */
  counts: Record<Severity, number>;
  blocking: Finding[];
  ignored: IgnoredFinding[];
  /** Ignore entries that named a remaining finding but had expired: the reason it blocks again. */
  expiredIgnores: IgnoreEntry[];
  passed: boolean;
}
