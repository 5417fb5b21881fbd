import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routerPaths } from './nginx-argv.js';
import { logsOverCap, prepareLogFiles, rotateLogs } from './log-files.js';
import type { RouterPaths } from './types.js';

describe('router log files', () => {
  let stateDir: string;
  let paths: RouterPaths;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'ferry-logs-'));
    paths = routerPaths({ stateDir, app: 'demo', env: 'test', asRoot: false });
    await mkdir(paths.dir);
  });
  afterEach(() => rm(stateDir, { recursive: true, force: true }));
  const mode = async (file: string) => (await stat(file)).mode & 0o777;

  it('creates missing logs 0600 and tightens a world-readable one', async () => {
    await writeFile(paths.errorLog, 'old\n', { mode: 0o644 });
    await prepareLogFiles(paths);
    expect([await mode(paths.errorLog), await mode(paths.accessLog)]).toEqual([0o600, 0o600]);
    expect(await readFile(paths.errorLog, 'utf8')).toBe('old\n');
  });

  it('decides: only a log strictly over the cap is rotated', () => {
    expect(logsOverCap({ 'error.log': 11, 'access.log': 10 }, 10)).toEqual(['error.log']);
    expect(logsOverCap({ 'error.log': 0, 'access.log': 11 }, 10)).toEqual(['access.log']);
    expect(logsOverCap({ 'error.log': 10, 'access.log': 10 }, 10)).toEqual([]);
  });

  for (const which of ['accessLog', 'errorLog'] as const) {
    it(`rotates the ${which} over the cap to .1, replacing the old .1, a fresh one 0600, the other log untouched`, async () => {
      const other = which === 'accessLog' ? paths.errorLog : paths.accessLog;
      await writeFile(other, 'z'.repeat(5));
      await writeFile(paths[which], 'x'.repeat(10));
      expect(await rotateLogs(paths, 10)).toBe(false);
      await writeFile(`${paths[which]}.1`, 'older', { mode: 0o644 });
      await writeFile(paths[which], 'y'.repeat(11), { mode: 0o600 });
      expect(await rotateLogs(paths, 10)).toBe(true);
      expect(await readFile(`${paths[which]}.1`, 'utf8')).toBe('y'.repeat(11));
      expect(await mode(`${paths[which]}.1`)).toBe(0o600);
      expect(await readFile(paths[which], 'utf8')).toBe('');
      expect(await mode(paths[which])).toBe(0o600);
      expect(await readFile(other, 'utf8')).toBe('z'.repeat(5));
    });
  }
});
