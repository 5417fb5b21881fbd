import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../test/support/temp-dirs.js';
import { gatherRecordFacts, RECORD_ROOM_BYTES, recordProblem, type RecordFacts } from './record-room.js';

const tmp = tempDirs('ferry-record-room-');
const roomy: RecordFacts = {
  stateDir: '/s',
  backupBytes: 0,
  availableBytes: 50 * 1024 * 1024,
  availableInodes: 1000,
  countsInodes: true,
  paths: [
    { file: '/s', kind: 'directory', want: 'directory', writable: true },
    { file: '/s/history.jsonl', kind: 'missing', want: 'file', writable: true },
  ],
};

describe('whether the state dir can record a release (before anything changes)', () => {
  it('room and write access: no problem', () => {
    expect(recordProblem(roomy)).toBeNull();
    expect(recordProblem({ ...roomy, availableBytes: RECORD_ROOM_BYTES })).toBeNull();
    expect(recordProblem({ ...roomy, availableInodes: 0, countsInodes: false })).toBeNull(); // a file system that counts no inodes
  });

  it('too little space or inodes: names the state dir, what is free, what is needed and the fix', () => {
    expect(recordProblem({ ...roomy, availableBytes: 8 * 1024 })).toBe(
      'state_dir /s has 8 KiB free; ferry needs 1.0 MiB there to record a release (the lock, the release snapshot, the ledger line, the report); free some space there or set state_dir to a directory on another file system',
    );
    expect(recordProblem({ ...roomy, availableBytes: 0 })).toMatch(/^state_dir \/s has 0 KiB free;/);
    expect(recordProblem({ ...roomy, availableInodes: 3 })).toMatch(/^state_dir \/s has 3 free inodes; ferry needs 16 there/);
  });

  it('a command that backs up the database needs room for a dump as large as the largest one there', () => {
    const withBackup = { ...roomy, backupBytes: 40 * 1024 * 1024 };
    expect(recordProblem({ ...withBackup, availableBytes: 41 * 1024 * 1024 })).toBeNull();
    expect(recordProblem({ ...withBackup, availableBytes: 40 * 1024 * 1024 })).toBe(
      'state_dir /s has 40.0 MiB free; ferry needs 41.0 MiB there to record a release (the lock, the release snapshot, the ledger line, the report and a database backup as large as the largest one in /s/backups); free some space there or set state_dir to a directory on another file system',
    );
  });

  it('a path of the wrong kind, a planted link, or no write access', () => {
    const ledger = (entry: Partial<RecordFacts['paths'][number]>) => ({ ...roomy, paths: [roomy.paths[0]!, { ...roomy.paths[1]!, ...entry }] });
    expect(recordProblem(ledger({ kind: 'directory' }))).toBe('/s/history.jsonl should be a file ferry writes, but it is not (directory); inspect it with `ls -ld /s/history.jsonl`, then move it away');
    expect(recordProblem(ledger({ kind: 'link' }))).toMatch(/^\/s\/history\.jsonl is a symbolic link; Ferry never follows one/);
    expect(recordProblem(ledger({ kind: 'file', writable: false }))).toMatch(/^\/s\/history\.jsonl is not writable by this process \(uid \d+\)/);
  });

  it('gathers the facts from a real directory without writing', async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, 'history.jsonl'));
    await symlink('/etc/hostname', path.join(dir, 'releases'));
    const facts = await gatherRecordFacts(dir);
    expect(facts.availableBytes).toBeGreaterThan(0);
    expect(facts.paths.map(({ file, kind, want }) => [path.basename(file), kind, want])).toEqual([
      [path.basename(dir), 'directory', 'directory'],
      ['history.jsonl', 'directory', 'file'],
      ['releases', 'link', 'directory'],
    ]);
    expect(recordProblem(facts)).toMatch(/history\.jsonl should be a file/);
    // a state dir not made yet (the first release makes it): the nearest existing directory answers for it
    const fresh = await gatherRecordFacts(path.join(dir, 'releases-not', 'state'));
    expect(fresh.paths.map(({ kind, writable }) => [kind, writable])).toEqual([['missing', true], ['missing', true], ['missing', true]]);
    expect(recordProblem(fresh)).toBeNull();
  });

  it('reads the largest dump only for a command that takes a backup', async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, 'backups'));
    await writeFile(path.join(dir, 'backups', 'a.dump'), Buffer.alloc(3000));
    await writeFile(path.join(dir, 'backups', 'b.dump'), Buffer.alloc(5000));
    await writeFile(path.join(dir, 'backups', 'b.json'), Buffer.alloc(9000)); // metadata, not a dump
    expect((await gatherRecordFacts(dir, true)).backupBytes).toBe(5000);
    expect((await gatherRecordFacts(dir, false)).backupBytes).toBe(0);
  });
});
