import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { purgeStateDir, removeEmptyDirsUpTo } from './purge.js';

describe('purgeStateDir', () => {
  let root: string;
  afterEach(async () => rm(root, { recursive: true, force: true }));

  async function stateDirWith(extra: string[]): Promise<string> {
    root = await mkdtemp(path.join(tmpdir(), 'ferry-purge-'));
    const dir = path.join(root, 'state');
    for (const sub of ['releases', 'reports/junit', 'backups', 'router']) await mkdir(path.join(dir, sub), { recursive: true });
    for (const file of ['history.jsonl', 'deploy.lock', 'deploy.lock.123.456', 'reports/junit/x.xml', ...extra]) await writeFile(path.join(dir, file), 'x');
    return dir;
  }

  it('deletes a state dir that holds only what Ferry writes', async () => {
    const dir = await stateDirWith([]);
    expect(await purgeStateDir(dir)).toEqual({ path: dir, deleted: true, kept: [] });
    expect(await readdir(root)).toEqual([]);
  });

  it('keeps files Ferry did not write, and the directory holding them', async () => {
    const dir = await stateDirWith(['staging.yaml', 'notes.txt']);
    expect(await purgeStateDir(dir)).toEqual({ path: dir, deleted: false, kept: ['notes.txt', 'staging.yaml'] });
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'staging.yaml']);
  });

  it('is done when the state dir does not exist', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ferry-purge-'));
    expect(await purgeStateDir(path.join(root, 'never'))).toEqual({ path: path.join(root, 'never'), deleted: true, kept: [] });
  });
});

describe('removeEmptyDirsUpTo', () => {
  let root: string;
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('removes the empty directories a mkdir -p made below the one that existed, and stops at one in use', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ferry-purge-'));
    await mkdir(path.join(root, 'a', 'b', 'c'), { recursive: true });
    await removeEmptyDirsUpTo(path.join(root, 'a', 'b', 'c'), root);
    expect(await readdir(root)).toEqual([]);

    await mkdir(path.join(root, 'a', 'b', 'c'), { recursive: true });
    await writeFile(path.join(root, 'a', 'keep.txt'), 'x');
    await removeEmptyDirsUpTo(path.join(root, 'a', 'b', 'c'), root);
    expect(await readdir(path.join(root, 'a'))).toEqual(['keep.txt']);
  });
});
