import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveLegacyState } from './move-legacy.js';

describe('moveLegacyState', () => {
  let root: string;
  let old: string;
  let next: string;
  const told: string[] = [];
  const tell = (line: string) => told.push(line);
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ferry-move-'));
    old = path.join(root, 'repo', '.ferry', 'staging');
    next = path.join(root, 'var', 'ferry', 'app', 'staging');
    told.length = 0;
    await mkdir(path.join(old, 'backups'), { recursive: true });
    await writeFile(path.join(old, 'history.jsonl'), 'ledger\n');
    await writeFile(path.join(old, 'backups', '1.dump'), 'dump');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('moves the state, makes it private, leaves a README where it was, and says so naming both paths', async () => {
    expect(await moveLegacyState(old, next, tell)).toEqual({ moved: true });
    expect(await readFile(path.join(next, 'backups', '1.dump'), 'utf8')).toBe('dump');
    expect(await readFile(path.join(next, 'history.jsonl'), 'utf8')).toBe('ledger\n');
    expect((await stat(next)).mode & 0o777).toBe(0o700);
    expect(await readdir(old)).toEqual(['README']);
    expect(await readFile(path.join(old, 'README'), 'utf8')).toContain(`moved to ${next}`);
    expect(told).toEqual([`ferry: moved this environment's state from ${old} (the old default, inside the checkout) to ${next}`]);
    expect(await moveLegacyState(old, next, tell)).toEqual({ moved: false, reason: 'no old state' }); // once
  });

  it('into an empty directory too; never over existing state', async () => {
    await mkdir(next, { recursive: true });
    expect(await moveLegacyState(old, next, tell)).toEqual({ moved: true });
    await writeFile(path.join(old, 'history.jsonl'), 'older\n');
    expect(await moveLegacyState(old, next, tell)).toEqual({ moved: false, reason: 'new state exists' });
    expect(await readFile(path.join(next, 'history.jsonl'), 'utf8')).toBe('ledger\n');
    expect(told[1]).toMatch(/state found in both .* using /);
  });

  it('refuses while the old router nginx runs from the old dir, naming the one-time command; nothing moved', async () => {
    const stand = spawn('sleep', ['60']); // a live pid in the old router's pid file
    try {
      await mkdir(path.join(old, 'router'));
      await writeFile(path.join(old, 'router', 'nginx.pid'), `${stand.pid}\n`);
      await expect(moveLegacyState(old, next, tell)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(`kill -QUIT ${stand.pid}`) });
      expect(await readdir(old)).toEqual(expect.arrayContaining(['history.jsonl', 'backups', 'router']));
      await expect(stat(next)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      stand.kill('SIGKILL');
    }
  });
});
