import { mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '@ferry/shared';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../test/support/temp-dirs.js';

const tempDir = tempDirs('ferry-atomic-');

describe('writeFileAtomic (releases/<id>.json, reports)', () => {
  it('writes a private file (0600) in a private dir it creates (0700), leaving no temp file', async () => {
    const root = await tempDir();
    const file = path.join(root, 'releases', '1.json');
    await writeFileAtomic(file, '{}\n');
    expect(await readFile(file, 'utf8')).toBe('{}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readdir(path.dirname(file))).toEqual(['1.json']);
  });

  it('replaces a symlink planted at the target instead of writing through it', async () => {
    const root = await tempDir();
    const victim = path.join(root, 'victim');
    await writeFile(victim, 'kept');
    await symlink(victim, path.join(root, 'report.json'));
    await writeFileAtomic(path.join(root, 'report.json'), 'new');
    expect(await readFile(victim, 'utf8')).toBe('kept');
    expect(await readFile(path.join(root, 'report.json'), 'utf8')).toBe('new');
  });
});
