import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routerPaths } from './nginx-argv.js';
import { prepareLogFiles, rotateAccessLog } from './log-files.js';
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

  it('rotates only an access log over the cap, replacing the old .1', async () => {
    await writeFile(paths.accessLog, 'x'.repeat(10));
    expect(await rotateAccessLog(paths, 10)).toBe(false);
    await writeFile(`${paths.accessLog}.1`, 'older');
    await writeFile(paths.accessLog, 'y'.repeat(11));
    expect(await rotateAccessLog(paths, 10)).toBe(true);
    expect(await readFile(`${paths.accessLog}.1`, 'utf8')).toBe('y'.repeat(11));
    expect(await readFile(paths.accessLog, 'utf8')).toBe('');
    expect(await mode(paths.accessLog)).toBe(0o600);
  });
});
