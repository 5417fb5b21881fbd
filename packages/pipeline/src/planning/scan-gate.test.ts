import { describe, expect, it } from 'vitest';
import { parseIgnoreFile } from '../ports/scanner/ignore-file.js';
import { parseTrivyReport } from '../ports/scanner/report.js';
import { fixtureText } from '../ports/scanner/testdata/fixtures.js';
import type { Finding, ScanPolicy } from '../ports/scanner/types.js';
import { decideScan, describeFinding, formatScanSummary, isUnfixed } from './scan-gate.js';

const now = new Date('2025-06-01T00:00:00Z');
const policy: ScanPolicy = { ignoreUnfixed: false, ignore: [], now };
const findings = (name: string) => parseTrivyReport(fixtureText(name)).findings;
const zero = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };

describe('decideScan on real trivy reports', () => {
  it('alpine 3.9: two CRITICAL musl findings block by default', () => {
    const decision = decideScan(findings('image-alpine39-critical-medium.json'), policy);
    expect(decision.failOn).toEqual(['CRITICAL']);
    expect(decision.counts).toEqual({ ...zero, CRITICAL: 2, MEDIUM: 4 });
    expect(decision.blocking.map((f) => f.pkg)).toEqual(['musl', 'musl-utils']);
    expect(decision.passed).toBe(false);
    expect(formatScanSummary(decision)).toEqual([
      'CRITICAL 2 · HIGH 0 · MEDIUM 4 · LOW 0 · UNKNOWN 0',
      'CVE-2019-14697 musl 1.1.20-r4 → 1.1.20-r5 (CRITICAL)',
      'CVE-2019-14697 musl-utils 1.1.20-r4 → 1.1.20-r5 (CRITICAL)',
    ]);
  });

  it('debian 10 fluentd: CRITICAL blocks by default, HIGH too with failOn HIGH,CRITICAL', () => {
    const all = findings('image-debian10-fluentd-critical-high.json');
    expect(decideScan(all, policy).blocking.map((f) => f.id)).toEqual(['CVE-2019-18224']);
    const strict = decideScan(all, { ...policy, failOn: ['HIGH', 'CRITICAL'] });
    expect(strict.counts).toEqual({ ...zero, CRITICAL: 1, HIGH: 1 });
    expect(formatScanSummary(strict)).toEqual([
      'CRITICAL 1 · HIGH 1 · MEDIUM 0 · LOW 0 · UNKNOWN 0',
      'CVE-2019-18224 libidn2-0 2.0.5-1 → 2.0.5-1+deb10u1 (CRITICAL)',
      'CVE-2020-8165 activesupport 6.0.2.1 → 6.0.3.1, 5.2.4.3 (HIGH)',
    ]);
  });

  it('a clean image and a scan without Results pass with all counts 0', () => {
    for (const name of ['image-sle-micro54-no-vulnerabilities.json', 'image-alpine39-skipdirs-no-results.json']) {
      expect(decideScan(findings(name), { ...policy, failOn: ['HIGH', 'CRITICAL'] })).toEqual({
        failOn: ['HIGH', 'CRITICAL'],
        counts: zero,
        blocking: [],
        ignored: [],
        expiredIgnores: [],
        passed: true,
      });
    }
  });

  it('ignoreUnfixed drops the "affected" LOW without a fix, as trivy --ignore-unfixed does', () => {
    const buster = findings('debian-buster.json');
    expect(decideScan(buster, policy).counts).toEqual({ ...zero, CRITICAL: 1, LOW: 1 });
    const decision = decideScan(buster, { ...policy, ignoreUnfixed: true });
    expect(decision.ignored).toEqual([{ finding: buster[0], reason: 'unfixed' }]);
    expect(decision.counts).toEqual(decideScan(findings('debian-buster-ignore-unfixed.json'), policy).counts);
    expect(decision.counts).toEqual({ ...zero, CRITICAL: 1 });
  });

  it('an ignore file entry for the blocking CVE lets the scan pass', () => {
    const ignore = parseIgnoreFile('# accepted until the base image moves\nCVE-2019-14697 exp:2030-01-01', '.trivyignore');
    const decision = decideScan(findings('image-alpine39-critical-medium.json'), { ...policy, ignore });
    expect(decision.passed).toBe(true);
    expect(decision.counts).toEqual({ ...zero, MEDIUM: 4 });
    expect(decision.ignored.map((i) => [i.finding.pkg, i.reason, i.entry])).toEqual([
      ['musl', 'ignore-file', { scope: 'all', id: 'CVE-2019-14697', expiresAt: '2030-01-01' }],
      ['musl-utils', 'ignore-file', { scope: 'all', id: 'CVE-2019-14697', expiresAt: '2030-01-01' }],
    ]);
  });

  it('an expired ignore entry no longer applies: the scan blocks and names the entry', () => {
    const ignore = parseIgnoreFile('CVE-2019-14697 exp:2020-01-01\nCVE-0000-0000 exp:2020-01-01\n', '.trivyignore');
    const decision = decideScan(findings('image-alpine39-critical-medium.json'), { ...policy, failOn: ['HIGH', 'CRITICAL'], ignore });
    expect(decision.passed).toBe(false);
    expect(decision.blocking).toHaveLength(2);
    expect(decision.expiredIgnores).toEqual([{ scope: 'all', id: 'CVE-2019-14697', expiresAt: '2020-01-01' }]);
    expect(formatScanSummary(decision).at(-1)).toBe('ignore entry CVE-2019-14697 expired on 2020-01-01 and no longer applies');
  });

  it('a YAML entry limited by purl ignores one package only', () => {
    const ignore = parseIgnoreFile('vulnerabilities:\n  - id: CVE-2019-14697\n    purls: ["pkg:apk/alpine/musl"]\n', '.trivyignore.yaml');
    const decision = decideScan(findings('image-alpine39-critical-medium.json'), { ...policy, ignore });
    expect(decision.blocking.map((f) => f.pkg)).toEqual(['musl-utils']);
  });

  it('secrets and misconfigurations block like vulnerabilities', () => {
    const secrets = decideScan(findings('repo-secrets-critical-high.json'), policy);
    expect(formatScanSummary(secrets)).toEqual([
      'CRITICAL 1 · HIGH 1 · MEDIUM 0 · LOW 0 · UNKNOWN 0',
      'aws-access-key-id in deploy.sh: AWS Access Key ID (CRITICAL)',
    ]);
    const misconfig = decideScan(findings('repo-dockerfile-misconfig-high.json'), { ...policy, failOn: ['HIGH'] });
    expect(misconfig.blocking.map(describeFinding)).toEqual(["DS-0002 in Dockerfile: Image user should not be 'root' (HIGH)"]);
    // ignoreUnfixed is about vulnerabilities only.
    expect(decideScan(findings('repo-secrets-critical-high.json'), { ...policy, ignoreUnfixed: true }).passed).toBe(false);
  });

  it('failOn [] reports without blocking', () => {
    expect(decideScan(findings('image-alpine39-critical-medium.json'), { ...policy, failOn: [] }).passed).toBe(true);
  });
});

describe('isUnfixed', () => {
  const vuln = (extra: Partial<Finding>): Finding => ({ kind: 'vuln', id: 'CVE-1', severity: 'HIGH', target: 't', ...extra });
  it.each([
    [{ fixed: '1.2', status: 'fixed' }, false],
    [{ status: 'affected' }, true],
    [{ fixed: '1.2', status: 'affected' }, true],
    [{ fixed: '1.2', status: 'will_not_fix' }, true],
    [{ status: 'fix_deferred' }, true],
    [{ status: 'end_of_life' }, true],
    [{}, true],
  ] as const)('%j → %s', (extra, expected) => {
    expect(isUnfixed(vuln(extra))).toBe(expected);
  });
});
