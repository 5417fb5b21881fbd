import { describe, expect, it } from 'vitest';
import { describeRowsReplaced, discarded } from './database-support.js';

describe('what a restore discarded', () => {
  it('names the rows written after the backup per table, and their total', () => {
    const rows = [{ table: 'public.orders', rows: 37 }, { table: 'public.cache', rows: -2 }, { table: 'audit.log', rows: 3 }];
    expect(discarded(rows)).toEqual([{ table: 'public.orders', rows: 37 }, { table: 'audit.log', rows: 3 }]);
    expect(describeRowsReplaced(rows)).toBe('discarded 40 row(s) written after the backup: public.orders 37, audit.log 3');
  });

  it('says so when nothing was discarded, and when the counts are unknown', () => {
    expect(describeRowsReplaced([{ table: 'public.cache', rows: -2 }])).toBe('no rows written after the backup were discarded');
    expect(describeRowsReplaced(null)).toBe('rows written after the backup: unknown (the counts before the restore could not be read)');
    expect(discarded(null)).toBeNull();
  });
});
