import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../../test/support/temp-dirs.js';
import { FerryError } from '../../errors.js';
import { parseTrivyReport } from './report.js';
import { readSarifSummary, sarifLevel, toSarif, writeSarif } from './sarif.js';
import { fixtureJson, fixtureText } from './testdata/fixtures.js';
import type { Finding } from './types.js';

const tempDir = tempDirs('ferry-sarif-');

describe('toSarif', () => {
  it('maps severities to levels as trivy does', () => {
    expect((['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const).map(sarifLevel)).toEqual(['error', 'error', 'warning', 'note', 'note']);
  });

  it('writes one rule per ID, a result per finding, the target as location', () => {
    const findings: Finding[] = [
      { kind: 'vuln', id: 'CVE-1', severity: 'CRITICAL', target: 'app:1 (alpine 3.9.4)', pkg: 'musl', installed: '1.0', fixed: '1.1', score: 9.8, url: 'https://avd.aquasec.com/nvd/cve-1', title: 'musl overflow' },
      { kind: 'vuln', id: 'CVE-1', severity: 'CRITICAL', target: 'app:1 (alpine 3.9.4)', pkg: 'musl-utils', installed: '1.0' },
      { kind: 'secret', id: 'aws-access-key-id', severity: 'LOW', target: 'deploy.sh', title: 'AWS Access Key ID' },
    ];
    expect(toSarif(findings, { trivyVersion: '0.74.0', artifactName: 'app:1' })).toEqual({
      version: '2.1.0',
      $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json',
      runs: [
        {
          tool: {
            driver: {
              fullName: 'Trivy Vulnerability Scanner',
              informationUri: 'https://github.com/aquasecurity/trivy',
              name: 'Trivy',
              version: '0.74.0',
              rules: [
                {
                  id: 'CVE-1',
                  name: 'Vulnerability',
                  shortDescription: { text: 'musl overflow' },
                  defaultConfiguration: { level: 'error' },
                  helpUri: 'https://avd.aquasec.com/nvd/cve-1',
                  properties: { precision: 'very-high', 'security-severity': '9.8', tags: ['vulnerability', 'security', 'CRITICAL'] },
                },
                {
                  id: 'aws-access-key-id',
                  name: 'Secret',
                  shortDescription: { text: 'AWS Access Key ID' },
                  defaultConfiguration: { level: 'note' },
                  properties: { precision: 'very-high', tags: ['secret', 'security', 'LOW'] },
                },
              ],
            },
          },
          results: [
            {
              ruleId: 'CVE-1',
              ruleIndex: 0,
              level: 'error',
              message: { text: 'Package: musl\nInstalled Version: 1.0\nVulnerability CVE-1\nSeverity: CRITICAL\nFixed Version: 1.1\nLink: [CVE-1](https://avd.aquasec.com/nvd/cve-1)' },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: 'app:1', uriBaseId: 'ROOTPATH' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } },
                  message: { text: 'app:1: musl@1.0' },
                },
              ],
            },
            {
              ruleId: 'CVE-1',
              ruleIndex: 0,
              level: 'error',
              message: { text: 'Package: musl-utils\nInstalled Version: 1.0\nVulnerability CVE-1\nSeverity: CRITICAL\nFixed Version: ' },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: 'app:1', uriBaseId: 'ROOTPATH' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } },
                  message: { text: 'app:1: musl-utils@1.0' },
                },
              ],
            },
            {
              ruleId: 'aws-access-key-id',
              ruleIndex: 1,
              level: 'note',
              message: { text: 'Artifact: deploy.sh\nSecret aws-access-key-id\nSeverity: LOW\nMessage: AWS Access Key ID' },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: 'deploy.sh', uriBaseId: 'ROOTPATH' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } },
                  message: { text: 'deploy.sh' },
                },
              ],
            },
          ],
          columnKind: 'utf16CodeUnits',
          properties: { imageName: 'app:1' },
        },
      ],
    });
  });

  it('agrees with trivy\'s own SARIF for alpine 3.10 on rules, levels, scores and locations', () => {
    const ours = toSarif(parseTrivyReport(fixtureText('alpine-310.json')).findings) as { runs: [{ results: Record<string, unknown>[]; tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } } }] };
    const theirs = fixtureJson('image-alpine310-vulns.sarif') as typeof ours;
    const pick = (doc: typeof ours) => ({
      rules: doc.runs[0].tool.driver.rules.map((r) => [r.id, r.properties['security-severity']]),
      results: doc.runs[0].results.map((r) => [r['ruleId'], r['ruleIndex'], r['level'], (r['locations'] as { physicalLocation: { artifactLocation: unknown } }[])[0]!.physicalLocation.artifactLocation]),
    });
    expect(pick(ours)).toEqual(pick(theirs));
    expect(readSarifSummary(ours)).toEqual({ ...readSarifSummary(theirs), tool: { name: 'Trivy' } });
  });
});

describe('readSarifSummary on real SARIF files', () => {
  it('trivy image SARIF (alpine 3.10): four warnings', () => {
    expect(readSarifSummary(fixtureText('image-alpine310-vulns.sarif'))).toEqual({
      runs: 1,
      results: 4,
      byLevel: { error: 0, warning: 4, note: 0, none: 0 },
      tool: { name: 'Trivy', version: 'dev' },
    });
  });

  it('trivy-action config SARIF without driver.version or originalUriBaseIds', () => {
    expect(readSarifSummary(fixtureText('config-terraform-misconfig.sarif'))).toEqual({
      runs: 1,
      results: 8,
      byLevel: { error: 5, warning: 1, note: 2, none: 0 },
      tool: { name: 'Trivy' },
    });
  });

  it('a result without level takes its rule default, else warning; non-SARIF is rejected', () => {
    const doc = {
      runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'R', defaultConfiguration: { level: 'note' } }] } }, results: [{ ruleId: 'R' }, { ruleId: 'other' }, { ruleIndex: 0, level: 'none' }] }],
    };
    expect(readSarifSummary(doc).byLevel).toEqual({ error: 0, warning: 1, note: 1, none: 1 });
    expect(() => readSarifSummary({ version: '2.1.0' })).toThrow('not a SARIF document: runs: Required');
    expect(() => readSarifSummary('{')).toThrow('SARIF file is not JSON');
  });
});

describe('writeSarif', () => {
  it('writes the whole document and leaves no temp file behind', async () => {
    const dir = await tempDir();
    const file = join(dir, 'reports', 'scan.sarif');
    const sarif = toSarif(parseTrivyReport(fixtureText('image-alpine39-critical-medium.json')).findings);
    await writeSarif(file, sarif);
    await writeSarif(file, sarif); // replacing an existing report works the same way
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(sarif);
    expect(await readdir(join(dir, 'reports'))).toEqual(['scan.sarif']);
    expect(readSarifSummary(await readFile(file, 'utf8')).byLevel).toEqual({ error: 2, warning: 4, note: 0, none: 0 });
  });

  it('fails with the file named when the directory cannot be made', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'not-a-dir'), '');
    const file = join(dir, 'not-a-dir', 'scan.sarif');
    const error = await writeSarif(file, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as FerryError).message).toMatch(`could not write SARIF report ${file}: E`);
  });
});
