import { writeFileAtomic } from '@ferry/shared';
import { z } from 'zod';
import { FerryError } from '../../errors.js';
import type { Finding, FindingKind, Severity } from './types.js';

// SARIF 2.1.0 in the shape trivy's own `--format sarif` writes (pkg/report/sarif.go), so code
// scanning UIs that read trivy's SARIF read ours the same way.

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

const LEVEL: Record<Severity, SarifLevel> = { CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note', UNKNOWN: 'note' };
const RULE_NAME: Record<FindingKind, string> = { vuln: 'Vulnerability', secret: 'Secret', misconfig: 'Misconfiguration' };
const TAG: Record<FindingKind, string> = { vuln: 'vulnerability', secret: 'secret', misconfig: 'misconfiguration' };

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL[severity];
}

export interface SarifMeta {
  trivyVersion?: string;
  artifactName?: string;
}

export function toSarif(findings: Finding[], meta: SarifMeta = {}): object {
  const ruleIds = [...new Set(findings.map((f) => f.id))];
  const firstById = new Map(ruleIds.map((id) => [id, findings.find((f) => f.id === id)!]));
  return {
    version: '2.1.0',
    $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            fullName: 'Trivy Vulnerability Scanner',
            informationUri: 'https://github.com/aquasecurity/trivy',
            name: 'Trivy',
            rules: ruleIds.map((id) => sarifRule(firstById.get(id)!)),
            ...(meta.trivyVersion ? { version: meta.trivyVersion } : {}),
          },
        },
        results: findings.map((f) => sarifResult(f, ruleIds.indexOf(f.id))),
        columnKind: 'utf16CodeUnits',
        ...(meta.artifactName ? { properties: { imageName: meta.artifactName } } : {}),
      },
    ],
  };
}

function sarifRule(f: Finding): object {
  return {
    id: f.id,
    name: RULE_NAME[f.kind],
    shortDescription: { text: f.title ?? f.id },
    defaultConfiguration: { level: LEVEL[f.severity] },
    ...(f.url ? { helpUri: f.url } : {}),
    properties: {
      precision: 'very-high',
      // GitHub ranks alerts by this CVSS-style score; it is only written when the report had one.
      ...(f.score !== undefined ? { 'security-severity': f.score.toFixed(1) } : {}),
      tags: [TAG[f.kind], 'security', f.severity],
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number): object {
  const uri = locationUri(f.target);
  const where = f.pkg ? `${uri}: ${f.pkg}@${f.installed ?? ''}` : uri;
  return {
    ruleId: f.id,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: messageText(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: 'ROOTPATH' },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        },
        message: { text: where },
      },
    ],
  };
}

function messageText(f: Finding): string {
  const lines =
    f.kind === 'vuln'
      ? [`Package: ${f.pkg ?? ''}`, `Installed Version: ${f.installed ?? ''}`, `Vulnerability ${f.id}`, `Severity: ${f.severity}`, `Fixed Version: ${f.fixed ?? ''}`]
      : [`Artifact: ${f.target}`, `${RULE_NAME[f.kind]} ${f.id}`, `Severity: ${f.severity}`, ...(f.title ? [`Message: ${f.title}`] : [])];
  return [...lines, ...(f.url ? [`Link: [${f.id}](${f.url})`] : [])].join('\n');
}

// An OS target reads "image.tar (alpine 3.9.4)"; the artifact itself is the part before the OS.
function locationUri(target: string): string {
  return target.replace(/ \([^()]*\)$/, '');
}

/** Writes the SARIF document atomically, so readers never see half a file. */
export async function writeSarif(file: string, sarif: object): Promise<void> {
  try {
    await writeFileAtomic(file, `${JSON.stringify(sarif, null, 2)}\n`, { mode: 0o644 }); // for code-scanning uploads
  } catch (error) {
    throw new FerryError(`could not write SARIF report ${file}: ${(error as Error).message}`);
  }
}

export interface SarifSummary {
  runs: number;
  results: number;
  byLevel: Record<SarifLevel, number>;
  tool?: { name: string; version?: string };
}

// Tolerant on purpose: only what is needed to count is required; version and
// originalUriBaseIds are stripped by some pipelines (trivy-action's test harness does).
const rule = z
  .object({ id: z.string().optional(), defaultConfiguration: z.object({ level: z.string().optional() }).passthrough().optional() })
  .passthrough();
const driver = z.object({ name: z.string(), version: z.string().optional(), rules: z.array(rule).optional() }).passthrough();
const result = z.object({ ruleId: z.string().optional(), ruleIndex: z.number().optional(), level: z.string().optional() }).passthrough();
const run = z.object({ tool: z.object({ driver }).passthrough().optional(), results: z.array(result).nullish() }).passthrough();
const sarifDoc = z.object({ runs: z.array(run) }).passthrough();

/** Counts results by level; a result without `level` takes its rule's default, else "warning" (SARIF §3.27.10). */
export function readSarifSummary(json: unknown): SarifSummary {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch {
      throw new FerryError('SARIF file is not JSON');
    }
  }
  const parsed = sarifDoc.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FerryError(`not a SARIF document: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const byLevel: Record<SarifLevel, number> = { error: 0, warning: 0, note: 0, none: 0 };
  let results = 0;
  for (const each of parsed.data.runs) {
    const rules = each.tool?.driver.rules ?? [];
    for (const res of each.results ?? []) {
      const ruleOf = res.ruleIndex !== undefined ? rules[res.ruleIndex] : rules.find((r) => r.id === res.ruleId);
      const level = res.level ?? ruleOf?.defaultConfiguration?.level ?? 'warning';
      if (level in byLevel) byLevel[level as SarifLevel]++;
      results++;
    }
  }
  const tool = parsed.data.runs[0]?.tool?.driver;
  const summary: SarifSummary = { runs: parsed.data.runs.length, results, byLevel };
  if (tool) summary.tool = tool.version ? { name: tool.name, version: tool.version } : { name: tool.name };
  return summary;
}
