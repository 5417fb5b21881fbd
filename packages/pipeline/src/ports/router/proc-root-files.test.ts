import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLinkThroughProcRoot, readThroughProcRoot, writeThroughProcRoot } from './proc-root-files.js';

// Real processes, real /proc: a process named like an nginx master (its root is this machine's, so paths match).
const named = (title: string): Promise<ChildProcess> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', `process.title = ${JSON.stringify(title)}; console.log('up'); setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout!.once('data', () => resolve(child));
  });

describe('files through /proc/<pid>/root', () => {
  let master: ChildProcess;
  let other: ChildProcess;
  let dir: string;
  beforeAll(async () => {
    [master, other] = await Promise.all([named('nginx: master process nginx -g daemon off;'), named('something else')]);
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-procroot-'));
  });
  afterAll(async () => {
    master.kill();
    other.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes files and links in order through an nginx master\'s root', async () => {
    await mkdir(path.join(dir, 'colours'));
    const wrote = await writeThroughProcRoot(master.pid!, [
      { path: `${dir}/colours/green`, text: '', mode: 0o644 },
      { path: `${dir}/upstream.conf`, text: 'conf\n', mode: 0o644 },
      { path: `${dir}/live`, linkTo: 'colours/green' },
    ]);
    expect(wrote).toBe(true);
    expect(await readFile(`${dir}/upstream.conf`, 'utf8')).toBe('conf\n');
    expect(await readlink(`${dir}/live`)).toBe('colours/green');
  });

  it('writes nothing for a process that is not an nginx master', async () => {
    expect(await writeThroughProcRoot(other.pid!, [{ path: `${dir}/other.conf`, text: 'x', mode: 0o644 }])).toBe(false);
    await expect(readFile(`${dir}/other.conf`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes nothing when a directory on the way is a symlink (it would resolve against this machine\'s root) or missing', async () => {
    await mkdir(path.join(dir, 'real'));
    await symlink(path.join(dir, 'real'), path.join(dir, 'planted'));
    expect(await writeThroughProcRoot(master.pid!, [{ path: `${dir}/planted/x.conf`, text: 'x', mode: 0o644 }])).toBe(false);
    expect(await writeThroughProcRoot(master.pid!, [{ path: `${dir}/missing/x.conf`, text: 'x', mode: 0o644 }])).toBe(false);
    await expect(readFile(`${dir}/real/x.conf`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reads a file and a link back; a missing one is null; not followed through a link; no way for another process', async () => {
    await writeFile(`${dir}/read.conf`, 'text\n');
    await symlink('/etc/hostname', `${dir}/planted.conf`);
    expect(await readThroughProcRoot(master.pid!, `${dir}/read.conf`)).toBe('text\n');
    expect(await readThroughProcRoot(master.pid!, `${dir}/absent.conf`)).toBeNull();
    expect(await readThroughProcRoot(master.pid!, `${dir}/planted.conf`)).toBeUndefined(); // ELOOP: the engine's way reads it instead
    expect(await readThroughProcRoot(other.pid!, `${dir}/read.conf`)).toBeUndefined();
    await symlink('colours/blue', `${dir}/live-read`);
    expect(await readLinkThroughProcRoot(master.pid!, `${dir}/live-read`)).toBe('colours/blue');
    expect(await readLinkThroughProcRoot(master.pid!, `${dir}/no-link`)).toBeNull();
  });
});
