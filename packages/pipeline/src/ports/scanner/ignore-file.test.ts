import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../../test/support/temp-dirs.js';
import { ConfigError } from '../../errors.js';
import { isExpired, isYamlIgnoreFile, parseIgnoreFile, parsePlainIgnore, readIgnoreFile } from './ignore-file.js';
import { fixturePath, fixtureText } from './testdata/fixtures.js';

const tempDir = tempDirs('ferry-ignore-');

describe('plain .trivyignore', () => {
  it('parses the real example (no trailing newline, comments, exp: dates, extra fields skipped)', async () => {
    expect(fixtureText('ignorefile-example.trivyignore').endsWith('\n')).toBe(false);
    expect(await readIgnoreFile(fixturePath('ignorefile-example.trivyignore'))).toEqual([
      { scope: 'all', id: 'CVE-2019-0001' },
      { scope: 'all', id: 'CVE-2019-0002' },
      { scope: 'all', id: 'CVE-2019-0004', expiresAt: '2020-01-01' },
      { scope: 'all', id: 'CVE-2019-0005', expiresAt: '9999-01-01' },
      { scope: 'all', id: 'CVE-2019-0006', expiresAt: '9999-01-01' },
      { scope: 'all', id: 'ID300' },
      { scope: 'all', id: 'AVD-ID400' },
      { scope: 'all', id: 'generic-unwanted-rule' },
      { scope: 'all', id: 'GPL-3.0' },
    ]);
  });

  it('accepts CRLF line ends and indentation', () => {
    expect(parsePlainIgnore('  CVE-1 \r\n\r\n# c\r\nCVE-2\texp:2030-02-03\r\n', '.trivyignore')).toEqual([
      { scope: 'all', id: 'CVE-1' },
      { scope: 'all', id: 'CVE-2', expiresAt: '2030-02-03' },
    ]);
  });

  it('rejects an unreadable date, naming file and line', () => {
    expect(() => parsePlainIgnore('CVE-1\nCVE-2 exp:2020-13-01', 'ops/.trivyignore')).toThrow(
      new ConfigError('ops/.trivyignore:2: "exp:2020-13-01" is not a date; write exp:YYYY-MM-DD'),
    );
    expect(() => parsePlainIgnore('CVE-2 exp:2023-02-30', 'x')).toThrow(ConfigError);
  });
});

describe('.trivyignore.yaml', () => {
  it('parses the real example into scoped entries', async () => {
    expect(await readIgnoreFile(fixturePath('ignorefile-example.trivyignore.yaml'))).toEqual([
      { scope: 'vulnerability', id: 'CVE-2019-0001', paths: ['**/*-lock.json'] },
      { scope: 'vulnerability', id: 'CVE-2019-0002', paths: ['bar/package.json'] },
      { scope: 'vulnerability', id: 'CVE-2019-0003' },
      { scope: 'vulnerability', id: 'CVE-2019-0004', paths: ['bar/package.json'] },
      { scope: 'vulnerability', id: 'CVE-2019-0005', expiresAt: '2023-01-01' },
      { scope: 'vulnerability', id: 'CVE-2019-0006', expiresAt: '2020-01-01' },
      {
        scope: 'vulnerability',
        id: 'CVE-2019-0007',
        purls: ['pkg:golang/github.com/aquasecurity/aaa@9.9.9', 'pkg:golang/github.com/aquasecurity/bar'],
      },
      { scope: 'misconfiguration', id: 'ID100' },
      { scope: 'misconfiguration', id: 'ID200', paths: ['app/Dockerfile'] },
      { scope: 'misconfiguration', id: 'ID300', paths: ['docs/Dockerfile'] },
      { scope: 'misconfiguration', id: 'AVD-ID400' },
      { scope: 'secret', id: 'generic-unwanted-rule' },
      { scope: 'secret', id: 'generic-unwanted-rule2', paths: ['**/config.yaml'] },
      { scope: 'secret', id: 'generic-wanted-rule', paths: ['foo/secret.txt'] },
      { scope: 'license', id: 'GPL-3.0', paths: ['usr/share/gcc/python/libstdcxx/v6/__init__.py'] },
      { scope: 'license', id: 'MIT' },
      { scope: 'license', id: 'GPL-2.0-or-later' },
      { scope: 'license', id: 'Apache-2.0 WITH LLVM-exception' },
      { scope: 'license', id: 'LLVM-exception' },
    ]);
  });

  it('keeps a statement and accepts an RFC 3339 expiry; an empty file has no entries', () => {
    const text = 'vulnerabilities:\n  - id: CVE-1\n    statement: not reachable\n    expired_at: 2030-01-01T12:00:00Z\n';
    expect(parseIgnoreFile(text, 'ignore.yml')).toEqual([
      { scope: 'vulnerability', id: 'CVE-1', statement: 'not reachable', expiresAt: '2030-01-01T12:00:00Z' },
    ]);
    expect(parseIgnoreFile('', '.trivyignore.yaml')).toEqual([]);
  });

  it('rejects a misspelt key rather than ignoring forever', () => {
    expect(() => parseIgnoreFile('vulnerabilities:\n  - id: CVE-1\n    expires_at: 2020-01-01\n', 'x.yaml')).toThrow(
      "x.yaml: vulnerabilities.0: Unrecognized key(s) in object: 'expires_at'; allowed: id, paths, purls, expired_at, statement",
    );
    expect(() => parseIgnoreFile('vulns: []\n', 'x.yaml')).toThrow(/allowed: vulnerabilities, misconfigurations, secrets, licenses/);
    expect(() => parseIgnoreFile('vulnerabilities:\n  - paths: [a]\n', 'x.yaml')).toThrow('x.yaml: vulnerabilities.0.id: id is required');
    expect(() => parseIgnoreFile('vulnerabilities:\n  - id: A\n    expired_at: soon\n', 'x.yaml')).toThrow(
      'x.yaml: vulnerabilities.0.expired_at: "soon" is not a date; write YYYY-MM-DD',
    );
  });
});

describe('ignore file helpers', () => {
  it('picks the format by file name', () => {
    expect(['.trivyignore', 'a/.trivyignore.yaml', 'b.YML', 'yaml/.trivyignore'].map(isYamlIgnoreFile)).toEqual([false, true, true, false]);
  });

  it('an entry expires once its date (UTC midnight) has passed', () => {
    const entry = { scope: 'all' as const, id: 'X', expiresAt: '2020-01-01' };
    expect(isExpired(entry, new Date('2020-01-01T00:00:00Z'))).toBe(false);
    expect(isExpired(entry, new Date('2020-01-01T00:00:01Z'))).toBe(true);
    expect(isExpired({ scope: 'all', id: 'X' }, new Date('9999-12-31'))).toBe(false);
  });

  it('a missing file is a ConfigError naming it', async () => {
    const dir = await tempDir();
    await expect(readIgnoreFile(join(dir, '.trivyignore'))).rejects.toThrow(
      new ConfigError(`scan ignore file ${join(dir, '.trivyignore')} does not exist; fix the path or remove the setting`),
    );
    await writeFile(join(dir, '.trivyignore'), 'CVE-9');
    expect(await readIgnoreFile(join(dir, '.trivyignore'))).toEqual([{ scope: 'all', id: 'CVE-9' }]);
  });
});
