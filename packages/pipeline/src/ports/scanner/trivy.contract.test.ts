import { chmod, copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../../../test/support/temp-dirs.js';
import { ConfigError, FerryError } from '../../errors.js';
import { trivyArgv } from './describe.js';
import { parseTrivyReport } from './report.js';
import { fixturePath, fixtureText } from './testdata/fixtures.js';
import { findTrivy, runTrivy } from './trivy.js';

const tempDir = tempDirs('ferry-trivy-bin-');

const STAND_IN = fileURLToPath(new URL('./testdata/stand-in-trivy.mjs', import.meta.url));

describe('contract: stand-in trivy replaying a real report', () => {
  let binDir: string;
  let argvFile: string;
  // Only the stand-in's directory and node's: a real trivy elsewhere on the machine cannot interfere.
  const env = (extra: Record<string, string> = {}) => ({ PATH: [binDir, dirname(process.execPath)].join(delimiter), STANDIN_ARGV_FILE: argvFile, ...extra });
  const argv = trivyArgv({ image: 'ferry-demo:1.0.0', ignoreUnfixed: true, ignoreFile: '/srv/.trivyignore', severities: ['HIGH', 'CRITICAL'] });

  beforeAll(async () => {
    binDir = await tempDir();
    argvFile = join(binDir, 'argv.json');
    await copyFile(STAND_IN, join(binDir, 'trivy'));
    await chmod(join(binDir, 'trivy'), 0o755);
  });

  it('is found on the PATH it is given', () => {
    expect(findTrivy(env().PATH)).toBe(join(binDir, 'trivy'));
    expect(findTrivy(dirname(process.execPath))).toBeNull();
    expect(findTrivy(undefined)).toBeNull();
  });

  it('receives exactly the described arguments; the report and stderr lines come back', async () => {
    const lines: string[] = [];
    const report = await runTrivy({
      argv,
      env: env({ STANDIN_REPORT: fixturePath('image-alpine39-critical-medium.json'), STANDIN_STDERR: JSON.stringify(['WARN one\n', 'WARN two\nno newline at the end']) }),
      timeoutMs: 20_000,
      onOutput: (line) => lines.push(line),
    });
    expect(JSON.parse(await readFile(argvFile, 'utf8'))).toEqual([
      'image', '--format', 'json', '--quiet', '--exit-code', '0',
      '--ignore-unfixed', '--severity', 'HIGH,CRITICAL', '--ignorefile', '/srv/.trivyignore', 'ferry-demo:1.0.0',
    ]);
    expect(report).toEqual(parseTrivyReport(fixtureText('image-alpine39-critical-medium.json')));
    expect(report.findings).toHaveLength(6);
    expect(lines).toEqual(['WARN one', 'WARN two', 'no newline at the end']);
  });

  it('a report without Results parses to no findings', async () => {
    const report = await runTrivy({ argv, env: env({ STANDIN_REPORT: fixturePath('image-alpine39-skipdirs-no-results.json') }), timeoutMs: 20_000 });
    expect(report.findings).toEqual([]);
  });

  it('a non-zero exit is "trivy failed", with the code and the last stderr lines', async () => {
    const error = await runTrivy({
      argv,
      env: env({ STANDIN_EXIT: '1', STANDIN_STDERR: JSON.stringify(['2025-06-01T00:00:00Z\tFATAL\tFatal error\trun error: image scan error: unable to find the specified image "ferry-demo:1.0.0"\n']) }),
      timeoutMs: 20_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect((error as FerryError).message).toMatch(/^trivy failed \(exit 1\) after \d+\.\ds: trivy image --format json .* ferry-demo:1\.0\.0; trivy said:\n.*FATAL.*unable to find the specified image "ferry-demo:1\.0\.0"$/);
  });

  it('exit code 0 with non-JSON stdout is an error, not an empty scan', async () => {
    await expect(runTrivy({ argv, env: env({ STANDIN_REPORT: fixturePath('ignorefile-example.trivyignore') }), timeoutMs: 20_000 })).rejects.toThrow(
      /^trivy output is not JSON/,
    );
  });

  it('a missing binary is a ConfigError (exit 2) with the install link', async () => {
    const error = await runTrivy({ argv, env: { PATH: dirname(process.execPath) }, timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as Error).message).toContain('https://trivy.dev/latest/getting-started/installation/');
  });

  it('cancelling through the signal stops trivy without waiting for it to finish', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    await expect(runTrivy({ argv, env: env({ STANDIN_SLEEP_MS: '30000' }), timeoutMs: 60_000, signal: controller.signal })).rejects.toThrow(/^cancelled: trivy image/);
    expect(Date.now() - started).toBeLessThan(30_000); // the stand-in's sleep: trivy was stopped, not waited for
    await expect(runTrivy({ argv, env: env(), timeoutMs: 60_000, signal: controller.signal })).rejects.toThrow(/^cancelled before start/);
  });

  it('a scan that outlives its timeout is stopped', async () => {
    await expect(runTrivy({ argv, env: env({ STANDIN_SLEEP_MS: '30000' }), timeoutMs: 300 })).rejects.toThrow(/did not finish within 300ms and was stopped$/);
  });
});
