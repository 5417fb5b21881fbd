import { describe, expect, it } from 'vitest';
import { standingVerdict } from './point-of-no-return.js';

describe('standingVerdict', () => {
  it('a release that stands with nothing failing after it succeeded', () => {
    expect(standingVerdict('v2 is live on green', [])).toEqual({ exitCode: 0, outcome: 'succeeded', message: 'v2 is live on green' });
  });

  it('failures after the point of no return are warnings on a release that serves: exit 0, never called a rollback', () => {
    const verdict = standingVerdict('v2 is live on green', ['the ledger line (/s/history.jsonl) was not written: EISDIR: illegal operation on a directory']);
    expect(verdict).toEqual({
      exitCode: 0,
      outcome: 'succeeded_with_warnings',
      message: 'v2 is live on green. The release stands and serves; one step after the point of no return failed (see the warnings), and nothing was undone.',
    });
    expect(standingVerdict('v2 is live on green', ['a', 'b']).message).toContain('2 steps after the point of no return failed');
    expect(verdict.message).not.toMatch(/rolled back/i);
  });
});
