import { describe, expect, it } from 'vitest';
import { FerryError } from '../../errors.js';
import { parseTrivyReport } from './report.js';
import { fixtureJson, fixtureText } from './testdata/fixtures.js';

const ids = (name: string) => parseTrivyReport(fixtureText(name)).findings.map((f) => `${f.kind} ${f.id} ${f.severity}`);

describe('parseTrivyReport on real trivy reports', () => {
  it('alpine 3.9: six vulnerabilities, EOSL OS, report metadata', () => {
    const report = parseTrivyReport(fixtureText('image-alpine39-critical-medium.json'));
    expect(report).toMatchObject({
      schemaVersion: 2,
      artifactName: 'testdata/fixtures/images/alpine-39.tar.gz',
      artifactType: 'container_image',
      trivyVersion: 'dev',
      createdAt: '2021-08-25T12:20:30.000000005Z',
      os: { family: 'alpine', name: '3.9.4', eosl: true },
    });
    expect(report.findings).toHaveLength(6);
    expect(report.findings[4]).toEqual({
      kind: 'vuln',
      id: 'CVE-2019-14697',
      severity: 'CRITICAL',
      target: 'testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)',
      pkg: 'musl',
      installed: '1.1.20-r4',
      fixed: '1.1.20-r5',
      status: 'fixed',
      purl: 'pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=3.9.4',
      score: 9.8,
      url: 'https://avd.aquasec.com/nvd/cve-2019-14697',
    });
  });

  it('debian 10 fluentd: an OS CRITICAL and a gem HIGH with its package path, scored by its severity source', () => {
    const findings = parseTrivyReport(fixtureJson('image-debian10-fluentd-critical-high.json')).findings;
    expect(findings.map((f) => [f.id, f.severity, f.target])).toEqual([
      ['CVE-2019-18224', 'CRITICAL', 'testdata/fixtures/images/fluentd-multiple-lockfiles.tar.gz (debian 10.2)'],
      ['CVE-2020-8165', 'HIGH', 'Ruby'],
    ]);
    // SeveritySource is ghsa, which has no CVSS entry here, so the NVD score is used.
    expect(findings[1]).toMatchObject({ pkgPath: 'var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec', fixed: '6.0.3.1, 5.2.4.3', score: 9.8 });
  });

  it('a vulnerability without FixedVersion has no `fixed` field', () => {
    const bash = parseTrivyReport(fixtureJson('debian-buster.json')).findings[0]!;
    expect(bash).toMatchObject({ id: 'CVE-2019-18276', severity: 'LOW', status: 'affected', installed: '5.0-4' });
    expect(bash).not.toHaveProperty('fixed');
  });

  it('a clean image (no Vulnerabilities key) and a report without Results have no findings', () => {
    expect(parseTrivyReport(fixtureJson('image-sle-micro54-no-vulnerabilities.json')).findings).toEqual([]);
    const skipped = parseTrivyReport(fixtureJson('image-alpine39-skipdirs-no-results.json'));
    expect(skipped.findings).toEqual([]);
    expect(skipped.os).toEqual({ family: 'none', eosl: false });
  });

  it('a repository report without Metadata parses, UNKNOWN severities kept', () => {
    const report = parseTrivyReport(fixtureJson('gomod.json'));
    expect(report.os).toBeUndefined();
    expect(ids('gomod.json')).toEqual([
      'vuln GMS-2022-20 UNKNOWN',
      'vuln CVE-2022-23628 MEDIUM',
      'vuln CVE-2021-38561 UNKNOWN',
      'vuln GMS-2022-20 UNKNOWN',
      'vuln GMS-2022-20 UNKNOWN',
    ]);
  });

  it('secrets are findings (trivy fails on them too)', () => {
    expect(parseTrivyReport(fixtureJson('repo-secrets-critical-high.json')).findings).toEqual([
      { kind: 'secret', id: 'aws-access-key-id', severity: 'CRITICAL', target: 'deploy.sh', title: 'AWS Access Key ID' },
      { kind: 'secret', id: 'mysecret', severity: 'HIGH', target: 'deploy.sh', title: 'My Secret' },
    ]);
  });

  it('failed misconfigurations are findings', () => {
    expect(parseTrivyReport(fixtureJson('repo-dockerfile-misconfig-high.json')).findings).toEqual([
      {
        kind: 'misconfig',
        id: 'DS-0002',
        severity: 'HIGH',
        target: 'Dockerfile',
        status: 'FAIL',
        title: "Image user should not be 'root'",
        url: 'https://avd.aquasec.com/misconfig/ds-0002',
      },
    ]);
  });
});

describe('parseTrivyReport edge cases', () => {
  const report = (results: unknown[]) => ({ SchemaVersion: 2, Results: results, SomethingNew: { x: 1 } });

  it('rejects other schema versions with the version and what Ferry reads', () => {
    expect(() => parseTrivyReport({ SchemaVersion: 1, Results: [] })).toThrow(
      new FerryError('trivy report has SchemaVersion 1; Ferry reads SchemaVersion 2 (trivy 0.20 or newer with --format json)'),
    );
    expect(() => parseTrivyReport([])).toThrow(/SchemaVersion undefined/);
  });

  it('rejects text that is not JSON, quoting its start', () => {
    expect(() => parseTrivyReport('2024-01-01T00:00:00Z INFO Need to update DB')).toThrow(
      'trivy output is not JSON (did something print to stdout before the report?): 2024-01-01T00:00:00Z INFO Need to update DB',
    );
  });

  it('names the path of a malformed field', () => {
    expect(() => parseTrivyReport(report([{ Target: 'x', Vulnerabilities: [{ Severity: 'HIGH' }] }]))).toThrow(
      'trivy report is not in the expected shape: Results.0.Vulnerabilities.0.VulnerabilityID: Required',
    );
  });

  it('keeps only FAIL misconfigurations and maps unknown severities to UNKNOWN', () => {
    const findings = parseTrivyReport(
      report([
        {
          Target: 'Dockerfile',
          Misconfigurations: [
            { ID: 'DS-0001', AVDID: 'AVD-DS-0001', Status: 'PASS', Severity: 'MEDIUM' },
            { ID: 'DS-0002', AVDID: 'AVD-DS-0002', Status: 'FAIL', Severity: 'severe' },
          ],
          Vulnerabilities: null,
        },
      ]),
    ).findings;
    expect(findings).toEqual([{ kind: 'misconfig', id: 'DS-0002', severity: 'UNKNOWN', target: 'Dockerfile', status: 'FAIL', aliases: ['AVD-DS-0002'] }]);
  });
});
