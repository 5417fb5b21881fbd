import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable, findProgram, SYSTEM_DIRS } from './find-executable.js';

describe('finding programs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-find-'));
    await writeFile(path.join(dir, 'sh'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'sh'), 0o755);
    await writeFile(path.join(dir, 'not-executable'), '');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('findExecutable: the first executable on the PATH given, nothing else', () => {
    expect(findExecutable('sh', `/nonexistent${path.delimiter}${dir}`)).toBe(path.join(dir, 'sh'));
    expect(findExecutable('not-executable', dir)).toBeNull();
    expect(findExecutable('sh', '/nonexistent')).toBeNull();
    expect(findExecutable('sh', undefined)).toBeNull();
  });

  it('findProgram: PATH first, else the system directories a PATH may lack (cron, PATH=/nonexistent)', () => {
    expect(findProgram('sh', dir)).toBe(path.join(dir, 'sh'));
    expect(SYSTEM_DIRS.map((d) => path.join(d, 'sh'))).toContain(findProgram('sh', '/nonexistent'));
    expect(findProgram('ferry-no-such-program', '/nonexistent')).toBeNull();
  });
});
