import { describe, expect, it } from 'vitest';
import { globToRegExp, matchIgnore, parsePurl, purlMatches } from './ignore-match.js';
import type { Finding, IgnoreEntry } from './types.js';

const now = new Date('2025-06-01T00:00:00Z');
const gem: Finding = {
  kind: 'vuln',
  id: 'CVE-2020-8165',
  severity: 'HIGH',
  target: 'Ruby',
  pkg: 'activesupport',
  pkgPath: 'var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec',
  purl: 'pkg:gem/activesupport@6.0.2.1',
};

describe('globToRegExp (doublestar syntax)', () => {
  it.each([
    ['**/*-lock.json', 'package-lock.json', true],
    ['**/*-lock.json', 'a/b/yarn-lock.json', true],
    ['*.json', 'a/b.json', false],
    ['var/lib/gems/**', 'var/lib/gems/2.5.0/x.gemspec', true],
    ['foo/?.txt', 'foo/a.txt', true],
    ['{app,docs}/Dockerfile', 'docs/Dockerfile', true],
    ['[ab]/x', 'c/x', false],
    ['a,b.txt', 'a,b.txt', true],
    ['a.(b)', 'a.(b)', true],
  ])('%s vs %s → %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe('purls', () => {
  it('parses the parts', () => {
    expect(parsePurl('pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.2')).toEqual({
      type: 'deb',
      namespace: 'debian',
      name: 'libidn2-0',
      version: '2.0.5-1',
      qualifiers: new Map([['arch', 'amd64'], ['distro', 'debian-10.2']]),
      subpath: '',
    });
  });

  it('matches like trivy: version and qualifiers only when the constraint has them', () => {
    const target = 'pkg:golang/github.com/aquasecurity/bar@1.2.3';
    expect(purlMatches('pkg:golang/github.com/aquasecurity/bar', target)).toBe(true);
    expect(purlMatches('pkg:golang/github.com/aquasecurity/bar@1.2.3', target)).toBe(true);
    expect(purlMatches('pkg:golang/github.com/aquasecurity/aaa@9.9.9', target)).toBe(false);
    expect(purlMatches('pkg:golang/github.com/aquasecurity/bar@1.2.4', target)).toBe(false);
    expect(purlMatches('pkg:apk/alpine/musl?arch=x86_64', 'pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=3.9.4')).toBe(true);
    expect(purlMatches('pkg:apk/alpine/musl?arch=aarch64', 'pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=3.9.4')).toBe(false);
  });
});

describe('matchIgnore', () => {
  const entry = (e: Partial<IgnoreEntry>): IgnoreEntry => ({ scope: 'vulnerability', id: 'CVE-2020-8165', ...e });

  it('matches by id and scope; a plain entry (scope all) matches every kind', () => {
    expect(matchIgnore(gem, [entry({})], now)).toEqual({ active: entry({}), expired: [] });
    expect(matchIgnore(gem, [entry({ scope: 'secret' })], now)).toEqual({ expired: [] });
    expect(matchIgnore(gem, [entry({ scope: 'all' })], now).active).toBeDefined();
    expect(matchIgnore(gem, [entry({ id: 'CVE-2020-0000' })], now)).toEqual({ expired: [] });
  });

  it('paths match the target or the package path', () => {
    expect(matchIgnore(gem, [entry({ paths: ['Ruby'] })], now).active).toBeDefined();
    expect(matchIgnore(gem, [entry({ paths: ['var/lib/gems/**/*.gemspec'] })], now).active).toBeDefined();
    expect(matchIgnore(gem, [entry({ paths: ['usr/**'] })], now).active).toBeUndefined();
  });

  it('purls must match when the finding has one', () => {
    expect(matchIgnore(gem, [entry({ purls: ['pkg:gem/activesupport'] })], now).active).toBeDefined();
    expect(matchIgnore(gem, [entry({ purls: ['pkg:gem/rails'] })], now).active).toBeUndefined();
  });

  it('a misconfiguration matches by its AVDID alias too', () => {
    const misconfig: Finding = { kind: 'misconfig', id: 'DS-0002', aliases: ['AVD-DS-0002'], severity: 'HIGH', target: 'Dockerfile' };
    expect(matchIgnore(misconfig, [{ scope: 'misconfiguration', id: 'AVD-DS-0002' }], now).active).toBeDefined();
  });

  it('reports expired entries, and prefers an unexpired one', () => {
    const old = entry({ expiresAt: '2020-01-01' });
    const fresh = entry({ expiresAt: '2030-01-01' });
    expect(matchIgnore(gem, [old], now)).toEqual({ expired: [old] });
    expect(matchIgnore(gem, [old, fresh], now)).toEqual({ active: fresh, expired: [old] });
  });
});
