import { access, appendFile, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileDurable, appendLineDurable, directoryModeFor, lineToAppend, replaceSymlinkAtomic, writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  const roots: string[] = [];
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-atomic-'));
    roots.push(dir);
  });
  afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));
  const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

  it('writes the content with the mode asked for, creates the directory, and leaves no temp file', async () => {
    const file = path.join(dir, 'nested', 'state.json');
    await writeFileAtomic(file, '{"a":1}\n', { mode: 0o600 });
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect(await modeOf(file)).toBe(0o600);
    await writeFileAtomic(file, 'replaced', { mode: 0o640 });
    expect(await readFile(file, 'utf8')).toBe('replaced');
    expect(await modeOf(file)).toBe(0o640);
    expect(await readdir(path.dirname(file))).toEqual(['state.json']);
  });

  it('is private by default; a directory it creates can be entered by exactly whoever may read the file', async () => {
    await writeFileAtomic(path.join(dir, 'private', 'state.json'), '{}');
    expect(await modeOf(path.join(dir, 'private', 'state.json'))).toBe(0o600);
    expect(await modeOf(path.join(dir, 'private'))).toBe(0o700);
    await writeFileAtomic(path.join(dir, 'shared', 'report.sarif'), '{}', { mode: 0o644 });
    expect(await modeOf(path.join(dir, 'shared', 'report.sarif'))).toBe(0o644);
    expect(await modeOf(path.join(dir, 'shared'))).toBe(0o755);
    expect([0o600, 0o640, 0o644].map(directoryModeFor)).toEqual([0o700, 0o750, 0o755]);
  });

  it('with overwrite: false it never replaces an existing file (EEXIST), and leaves no temp file', async () => {
    const file = path.join(dir, 'deploy.lock');
    await writeFileAtomic(file, 'first', { overwrite: false });
    await expect(writeFileAtomic(file, 'second', { overwrite: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['deploy.lock']);
  });

  it('a failed rename removes its temp file and leaves the target as it was', async () => {
    const target = path.join(dir, 'occupied');
    await mkdir(target);
    await writeFile(path.join(target, 'inside'), 'kept');
    await expect(writeFileAtomic(target, 'x')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect(await readdir(dir)).toEqual(['occupied']);
    expect(await readFile(path.join(target, 'inside'), 'utf8')).toBe('kept');
  });

  it('concurrent writers and a reader: every read is one whole version, the last state is one whole version', async () => {
    const file = path.join(dir, 'upstream.conf');
    // Large enough that a torn write (a shared temp file, or writing in place) would be seen.
    const versions = Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(97 + i)}`.repeat(256 * 1024));
    await writeFileAtomic(file, versions[0]!);
    let writing = true;
    const reads: string[] = [];
    const reader = (async () => {
      while (writing) reads.push(await readFile(file, 'utf8'));
    })();
    await Promise.all(versions.map((text) => writeFileAtomic(file, text)));
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
    for (const text of reads) expect(versions.includes(text), `a read of ${text.length} bytes starting "${text.slice(0, 3)}" is not a whole version`).toBe(true);
    expect(versions).toContain(await readFile(file, 'utf8'));
    expect(await readdir(dir)).toEqual(['upstream.conf']);
  });
});

describe('appendFileDurable', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-append-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('appends lines to a log it creates with the mode asked for', async () => {
    const file = path.join(dir, 'state', 'history.jsonl');
    await appendFileDurable(file, '{"id":1}\n', 0o640);
    await appendFileDurable(file, '{"id":2}\n', 0o640);
    expect(await readFile(file, 'utf8')).toBe('{"id":1}\n{"id":2}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it('refuses a symlink planted as the log (ELOOP) and leaves its target alone', async () => {
    const victim = path.join(dir, 'victim');
    await writeFile(victim, 'kept');
    await symlink(victim, path.join(dir, 'history.jsonl'));
    await expect(appendFileDurable(path.join(dir, 'history.jsonl'), 'line\n')).rejects.toMatchObject({ code: 'ELOOP' });
    expect(await readFile(victim, 'utf8')).toBe('kept');
  });
});

describe('appendLineDurable (the release history)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-append-line-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('describes the text to append: a newline first only after a torn last line', () => {
    expect(lineToAppend(null, '{"id":1}')).toBe('{"id":1}\n');
    expect(lineToAppend(0x0a, '{"id":2}')).toBe('{"id":2}\n');
    expect(lineToAppend('}'.charCodeAt(0), '{"id":2}')).toBe('\n{"id":2}\n');
  });

  it('a line appended after a torn one (a crash mid-append) starts on a line of its own', async () => {
    const file = path.join(dir, 'state', 'history.jsonl');
    await appendLineDurable(file, '{"id":1}');
    await appendFile(file, '{"id":2,"ta'); // torn: no newline
    await appendLineDurable(file, '{"id":3}');
    await appendLineDurable(file, '{"id":4}');
    expect((await readFile(file, 'utf8')).split('\n')).toEqual(['{"id":1}', '{"id":2,"ta', '{"id":3}', '{"id":4}', '']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('replaceSymlinkAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-link-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const resolves = (file: string) => access(file).then(() => true, () => false);

  it('creates the link, then points it elsewhere (dangling allowed), leaving no temp entry', async () => {
    await writeFile(path.join(dir, 'green'), '');
    const live = path.join(dir, 'live');
    await replaceSymlinkAtomic(live, 'green');
    expect([await readlink(live), await resolves(live)]).toEqual(['green', true]);
    await replaceSymlinkAtomic(live, 'blue');
    expect([await readlink(live), await resolves(live)]).toEqual(['blue', false]);
    expect(await readdir(dir)).toEqual(['green', 'live']);
  });

  it('a reader following the link while it flips back and forth never finds it missing', async () => {
    await writeFile(path.join(dir, 'green'), '');
    await writeFile(path.join(dir, 'blue'), '');
    const live = path.join(dir, 'live');
    await replaceSymlinkAtomic(live, 'green');
    let flipping = true;
    const flips = (async () => {
      for (let i = 0; i < 200; i++) await replaceSymlinkAtomic(live, i % 2 ? 'green' : 'blue');
      flipping = false;
    })();
    let missing = 0;
    let reads = 0;
    while (flipping) {
      if (!(await resolves(live))) missing++;
      reads++;
    }
    await flips;
    expect(reads).toBeGreaterThan(0);
    expect(missing).toBe(0);
  });
});
