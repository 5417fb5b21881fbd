import type { DatabaseFingerprint, TableFingerprint } from './types.js';

const key = (t: TableFingerprint) => `${t.schema}.${t.name}`;

/** Differences between two sets, phrased from the backup's point of view. */
function setDifferences(label: string, expected: string[], actual: string[]): string[] {
  const out: string[] = [];
  for (const name of expected) if (!actual.includes(name)) out.push(`${label} ${name}: missing`);
  for (const name of actual) if (!expected.includes(name)) out.push(`${label} ${name}: not in backup`);
  return out;
}

function tableDifferences(expected: TableFingerprint, actual: TableFingerprint): string[] {
  const where = `table ${key(expected)}`;
  const out: string[] = [];
  if (expected.rows !== actual.rows) out.push(`${where}: rows ${expected.rows} → ${actual.rows}`);
  if (expected.checksum !== actual.checksum) out.push(`${where}: checksum ${expected.checksum} → ${actual.checksum}`);
  const expectedColumns = expected.columns.map((c) => c.name);
  const actualColumns = actual.columns.map((c) => c.name);
  out.push(...setDifferences(`${where}: column`, expectedColumns, actualColumns));
  for (const column of expected.columns) {
    const now = actual.columns.find((c) => c.name === column.name);
    if (now && now.type !== column.type) out.push(`${where}: column ${column.name}: type ${column.type} → ${now.type}`);
  }
  out.push(...setDifferences(`${where}: index`, expected.indexes, actual.indexes));
  return out;
}

/** Every way `actual` differs from the backup's fingerprint `expected`; empty means identical. */
export function compareFingerprints(expected: DatabaseFingerprint, actual: DatabaseFingerprint): string[] {
  const out = setDifferences('schema', expected.schemas, actual.schemas);
  out.push(...setDifferences('table', expected.tables.map(key), actual.tables.map(key)));
  for (const table of expected.tables) {
    const now = actual.tables.find((t) => key(t) === key(table));
    if (now) out.push(...tableDifferences(table, now));
  }
  return out;
}
