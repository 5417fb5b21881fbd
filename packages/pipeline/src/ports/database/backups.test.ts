import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBackups, metadataProblem, pruneBackups } from './backups.js';
import type { BackupMetadata } from './types.js';

const metadata = (id: string, createdAt: string): BackupMetadata => ({
  id,
  createdAt,
  tag: id.slice(-2),
  file: `${id}.dump`,
  size: 1,
  sha256: 'a'.repeat(64),
  database: 'app',
  fingerprint: { schemas: ['public'], tables: [] },
});

describe('backups dir on a real file system', () => {
  let root: string;
  let dir: string;
  let warnings: string[];
  const warn = (message: string) => warnings.push(message);
  const put = async (id: string, meta: unknown, metaName = `${id}.json`) => {
    await writeFile(join(dir, metaName), typeof meta === 'string' ? meta : JSON.stringify(meta));
    await writeFile(join(dir, `${id}.dump`), 'dump');
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ferry-backups-unit-'));
    dir = join(root, 'state', 'backups');
    await mkdir(dir, { recursive: true });
    warnings = [];
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('a torn metadata file is skipped with a warning naming it; the others are listed', async () => {
    await put('20260101T000000Z-v1', metadata('20260101T000000Z-v1', '2026-01-01T00:00:00Z'));
    await put('20260102T000000Z-v2', '{"id": "20260102T000000Z-v2", "createdAt": "2026-01-0'); // cut off mid-write
    await put('20260103T000000Z-v3', metadata('20260103T000000Z-v3', '2026-01-03T00:00:00Z'));
    expect((await listBackups(dir, warn)).map((b) => b.id)).toEqual(['20260101T000000Z-v1', '20260103T000000Z-v3']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^skipped backup metadata ${join(dir, '20260102T000000Z-v2.json')}: unreadable \\(.*JSON.*\\); move it out of ${dir} or delete it$`));
  });

  it('pruning never deletes a path taken from a metadata file: ../ and absolute names are skipped with a warning', async () => {
    const victim = join(root, 'passwd');
    await writeFile(victim, 'root:x:0:0');
    const hostile = { ...metadata('20260101T000000Z-v1', '2026-01-01T00:00:00Z'), file: '../../passwd' };
    await put('20260101T000000Z-v1', hostile);
    await put('20260102T000000Z-v2', { ...metadata('20260102T000000Z-v2', '2026-01-02T00:00:00Z'), file: victim });
    await put('20260103T000000Z-v3', { ...metadata('20260103T000000Z-v3', '2026-01-03T00:00:00Z'), id: '../../passwd' });
    await put('20260104T000000Z-v4', metadata('20260104T000000Z-v4', '2026-01-04T00:00:00Z'));
    await put('20260105T000000Z-v5', metadata('20260105T000000Z-v5', '2026-01-05T00:00:00Z'));
    expect(await pruneBackups(dir, 1, [], warn)).toEqual(['20260104T000000Z-v4']);
    expect(await readFile(victim, 'utf8')).toBe('root:x:0:0');
    expect(warnings).toEqual([
      `skipped backup metadata ${join(dir, '20260101T000000Z-v1.json')}: file "../../passwd" is not the plain dump name 20260101T000000Z-v1.dump in the backups dir; move it out of ${dir} or delete it`,
      `skipped backup metadata ${join(dir, '20260102T000000Z-v2.json')}: file "${victim}" is not the plain dump name 20260102T000000Z-v2.dump in the backups dir; move it out of ${dir} or delete it`,
      `skipped backup metadata ${join(dir, '20260103T000000Z-v3.json')}: id "../../passwd" is not a backup id; move it out of ${dir} or delete it`,
    ]);
    // The hostile entries are left for a human; only the good old backup went.
    expect((await readdir(dir)).sort()).toEqual([
      '20260101T000000Z-v1.dump', '20260101T000000Z-v1.json', '20260102T000000Z-v2.dump', '20260102T000000Z-v2.json',
      '20260103T000000Z-v3.dump', '20260103T000000Z-v3.json', '20260105T000000Z-v5.dump', '20260105T000000Z-v5.json',
    ]);
  });

  it('a missing dir holds no backups', async () => {
    expect(await listBackups(join(root, 'nowhere'), warn)).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('metadataProblem', () => {
  const good = metadata('20260101T000000Z-ab12', '2026-01-01T00:00:00Z');
  it('accepts metadata naming itself and its plain dump name', () => {
    expect(metadataProblem(good, '20260101T000000Z-ab12.json')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(metadataProblem(null, 'x.json')).toBe('not a JSON object');
    expect(metadataProblem(good, '20260101T000000Z-other.json')).toBe('id 20260101T000000Z-ab12 does not match the file name');
    expect(metadataProblem({ ...good, file: 'sub/20260101T000000Z-ab12.dump' }, '20260101T000000Z-ab12.json')).toMatch(/^file "sub\/.*" is not the plain dump name/);
    expect(metadataProblem({ ...good, id: '..' }, '...json')).toBe('id ".." is not a backup id');
    expect(metadataProblem({ ...good, fingerprint: undefined }, '20260101T000000Z-ab12.json')).toBe('createdAt or fingerprint missing');
  });
});
