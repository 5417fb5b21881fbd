import { z } from 'zod';
import { FerryError } from '../../errors.js';
import { SEVERITIES, type Finding, type Severity, type TrivyReport } from './types.js';

// Trivy's JSON report (pkg/types/report.go). Every field there is omitempty, so everything
// except SchemaVersion is optional here, and unknown keys pass through for newer trivy versions.

const cvss = z.record(z.object({ V3Score: z.number().optional() }).passthrough());

const vulnerability = z
  .object({
    VulnerabilityID: z.string(),
    PkgName: z.string().optional(),
    PkgPath: z.string().optional(),
    PkgIdentifier: z.object({ PURL: z.string().optional() }).passthrough().optional(),
    InstalledVersion: z.string().optional(),
    FixedVersion: z.string().optional(),
    Status: z.string().optional(),
    Severity: z.string().optional(),
    SeveritySource: z.string().optional(),
    Title: z.string().optional(),
    PrimaryURL: z.string().optional(),
    CVSS: cvss.optional(),
  })
  .passthrough();

const secret = z
  .object({ RuleID: z.string(), Severity: z.string().optional(), Title: z.string().optional() })
  .passthrough();

const misconfiguration = z
  .object({
    ID: z.string(),
    AVDID: z.string().optional(),
    Status: z.string().optional(),
    Severity: z.string().optional(),
    Title: z.string().optional(),
    PrimaryURL: z.string().optional(),
  })
  .passthrough();

const result = z
  .object({
    Target: z.string(),
    Vulnerabilities: z.array(vulnerability).nullish(),
    Secrets: z.array(secret).nullish(),
    Misconfigurations: z.array(misconfiguration).nullish(),
  })
  .passthrough();

const reportSchema = z
  .object({
    SchemaVersion: z.literal(2),
    ArtifactName: z.string().optional(),
    ArtifactType: z.string().optional(),
    CreatedAt: z.string().optional(),
    Trivy: z.object({ Version: z.string().optional() }).passthrough().optional(),
    Metadata: z
      .object({
        OS: z.object({ Family: z.string(), Name: z.string().optional(), EOSL: z.boolean().optional() }).passthrough().optional(),
      })
      .passthrough()
      .optional(),
    Results: z.array(result).nullish(),
  })
  .passthrough();

type RawVulnerability = z.infer<typeof vulnerability>;

/** Parses `trivy … --format json` output (text or already-parsed JSON) into normalised findings. */
export function parseTrivyReport(json: unknown): TrivyReport {
  const data = typeof json === 'string' ? parseJsonText(json) : json;
  const version = (data as { SchemaVersion?: unknown } | null)?.SchemaVersion;
  if (version !== 2) {
    throw new FerryError(
      `trivy report has SchemaVersion ${JSON.stringify(version)}; Ferry reads SchemaVersion 2 (trivy 0.20 or newer with --format json)`,
    );
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FerryError(`trivy report is not in the expected shape: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const raw = parsed.data;
  const os = raw.Metadata?.OS;
  return {
    schemaVersion: 2,
    ...defined({
      artifactName: raw.ArtifactName,
      artifactType: raw.ArtifactType,
      trivyVersion: raw.Trivy?.Version,
      createdAt: raw.CreatedAt,
      os: os && defined({ family: os.Family, name: os.Name || undefined, eosl: os.EOSL ?? false }),
    }),
    findings: (raw.Results ?? []).flatMap((r) => [
      ...(r.Vulnerabilities ?? []).map((v) => vulnFinding(v, r.Target)),
      ...(r.Secrets ?? []).map((s) =>
        defined<Finding>({ kind: 'secret', id: s.RuleID, severity: severity(s.Severity), target: r.Target, title: s.Title }),
      ),
      // Only FAIL counts: trivy lists PASS and EXCEPTION checks in the same array.
      ...(r.Misconfigurations ?? [])
        .filter((m) => m.Status === 'FAIL')
        .map((m) =>
          defined<Finding>({
            kind: 'misconfig',
            id: m.ID,
            severity: severity(m.Severity),
            target: r.Target,
            status: m.Status,
            title: m.Title,
            aliases: m.AVDID && m.AVDID !== m.ID ? [m.AVDID] : undefined,
            url: m.PrimaryURL,
          }),
        ),
    ]),
  };
}

function vulnFinding(v: RawVulnerability, target: string): Finding {
  return defined<Finding>({
    kind: 'vuln',
    id: v.VulnerabilityID,
    severity: severity(v.Severity),
    target,
    pkg: v.PkgName,
    installed: v.InstalledVersion,
    fixed: v.FixedVersion || undefined,
    status: v.Status,
    title: v.Title,
    pkgPath: v.PkgPath,
    purl: v.PkgIdentifier?.PURL,
    score: cvssScore(v),
    url: v.PrimaryURL,
  });
}

// The score of the vendor that decided the severity matches the severity shown; NVD is the fallback.
function cvssScore(v: RawVulnerability): number | undefined {
  const source = v.SeveritySource ? v.CVSS?.[v.SeveritySource]?.V3Score : undefined;
  return source ?? v.CVSS?.['nvd']?.V3Score;
}

function severity(value: string | undefined): Severity {
  const upper = value?.toUpperCase();
  return (SEVERITIES as readonly string[]).includes(upper ?? '') ? (upper as Severity) : 'UNKNOWN';
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const head = text.trim().slice(0, 120) || '(empty output)';
    throw new FerryError(`trivy output is not JSON (did something print to stdout before the report?): ${head}`);
  }
}

/** Drops undefined fields so findings compare and serialise cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
