import { describe, expect, it } from 'vitest';
import { describeSkipped, parseLedger } from './ledger-record.js';

const good = { id: 'r1', env: 'e', action: 'deploy', tag: 'v1', imageId: null, fromColour: null, toColour: 'blue', previousTag: null, startedAt: 's', endedAt: 'e', outcome: 'succeeded', reason: null };
const line = (value: unknown) => JSON.stringify(value);

describe('parseLedger: every line checked against the record shape', () => {
  it('keeps the records and names every other line by number, oldest first', () => {
    const text = [line(good), 'null', '{}', '[1]', '42', line({ ...good, id: 'r2', outcome: 'maybe', tag: 7 }), '', line({ ...good, id: 'r3' }), ''].join('\n');
    const { entries, skipped } = parseLedger(text);
    expect(entries.map((e) => e.id)).toEqual(['r1', 'r3']);
    expect(skipped).toEqual([
      { line: 2, problem: 'not a release record (JSON null)' },
      { line: 3, problem: 'not a release record (missing or invalid: id, env, action, tag, imageId, fromColour, toColour, previousTag, startedAt, endedAt, outcome, reason)' },
      { line: 4, problem: 'not a release record (JSON array)' },
      { line: 5, problem: 'not a release record (JSON number)' },
      { line: 6, problem: 'not a release record (missing or invalid: tag, outcome)' },
    ]);
  });

  it('a torn last line (no newline after it) is told apart from a broken line before it', () => {
    expect(parseLedger(`${line(good)}\n{"id":"r2","ta`).skipped).toEqual([{ line: 2, problem: 'a torn last line (a crash cut its append short)' }]);
    expect(parseLedger(`{"id":"r0\n${line(good)}\n`).skipped).toEqual([{ line: 1, problem: 'not JSON (torn by a crash, or edited by hand)' }]);
    expect(parseLedger('')).toEqual({ entries: [], skipped: [] });
  });

  it('keeps a run abandoned by a second signal during its recovery', () => {
    const abandoned = { ...good, outcome: 'abandoned', reason: 'cancelled (interrupted by SIGTERM); the recovery was abandoned (a second SIGTERM)' };
    expect(parseLedger(line(abandoned))).toEqual({ entries: [abandoned], skipped: [] });
  });

  it('keeps the optional fields of a database release and drops keys it does not know', () => {
    const db = { ...good, backupId: null, migrated: true, restored: false, warnings: ['cleanup failed'], extra: 1 };
    const { entries } = parseLedger(line(db));
    expect(entries).toEqual([{ ...good, backupId: null, migrated: true, restored: false, warnings: ['cleanup failed'] }]);
  });

  it('warnings name the file and the line, never the line text (it may hold anything)', () => {
    const secret = 'hunter2-in-a-hand-edited-line';
    const { skipped } = parseLedger(`{"password":"${secret}"}\n{"tag":"${secret}"\n${line({ ...good, outcome: secret })}\n`);
    const warnings = describeSkipped('/state/history.jsonl', skipped);
    expect(warnings[0]).toBe('/state/history.jsonl line 1: skipped, not a release record (missing or invalid: id, env, action, tag, imageId, fromColour, toColour, previousTag, startedAt, endedAt, outcome, reason); the other lines are read as usual');
    expect(warnings).toHaveLength(3);
    expect(warnings.join('\n')).not.toContain(secret);
  });
});
