import { mkdir, readFile, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../test/support/temp-dirs.js';
import { appendLedger, readLedger, releasedTags, type LedgerEntry } from './ledger.js';

const tmp = tempDirs('ferry-ledger-');
const base = { env: 'e', action: 'deploy' as const, imageId: null, fromColour: null, toColour: null, previousTag: null, startedAt: '', endedAt: '', reason: null };
const record = (id: string, tag: string, outcome: LedgerEntry['outcome'] = 'succeeded'): LedgerEntry => ({ ...base, id, tag, outcome });

describe('ledger (history.jsonl)', () => {
  it('appends JSON lines and skips a torn last line, naming it', async () => {
    const file = path.join(await tmp(), 'history.jsonl');
    await appendLedger(file, record('1', 'v1'));
    await appendLedger(file, record('2', 'v2', 'rolled_back'));
    await writeFile(file, (await readFile(file, 'utf8')) + '{"id":"3","tag":');
    const warnings: string[] = [];
    const entries = await readLedger(file, (w) => warnings.push(w));
    expect(entries.map((e) => e.id)).toEqual(['1', '2']);
    expect(releasedTags(entries)).toEqual(['v1']);
    expect(warnings).toEqual([`${file} line 3: skipped, a torn last line (a crash cut its append short); the other lines are read as usual`]);
  });

  it('the record after a torn last line (a crash mid-append) lands on a line of its own: only the torn one is lost', async () => {
    const file = path.join(await tmp(), 'history.jsonl');
    await appendLedger(file, record('1', 'v1'));
    await appendLedger(file, record('2', 'v2'));
    await truncate(file, (await stat(file)).size - 20); // v2's line loses its end and its newline
    await appendLedger(file, record('3', 'v3'));
    const warnings: string[] = [];
    const entries = await readLedger(file, (w) => warnings.push(w));
    expect(entries.map((e) => e.tag)).toEqual(['v1', 'v3']);
    expect(warnings).toEqual([`${file} line 2: skipped, not JSON (torn by a crash, or edited by hand); the other lines are read as usual`]);
  });

  it('is created mode 0600; a symlink planted as history.jsonl is refused on append and read, never followed', async () => {
    const dir = await tmp();
    const ledger = path.join(dir, 'history.jsonl');
    await appendLedger(ledger, record('1', 'v1'));
    expect((await stat(ledger)).mode & 0o777).toBe(0o600);
    const planted = path.join(dir, 'planted', 'history.jsonl');
    const victim = path.join(dir, 'victim');
    await writeFile(victim, 'root:x:0:0\n');
    await mkdir(path.dirname(planted));
    await symlink(victim, planted);
    await expect(appendLedger(planted, record('2', 'v2'))).rejects.toMatchObject({
      exitCode: 2,
      message: `${planted} is a symbolic link; Ferry never follows one in its state dir (someone else may have planted it). Inspect it with \`ls -l ${planted}\`, then remove it: rm ${planted}`,
    });
    await expect(readLedger(planted, () => undefined)).rejects.toMatchObject({ exitCode: 2 });
    expect(await readFile(victim, 'utf8')).toBe('root:x:0:0\n');
  });
});
