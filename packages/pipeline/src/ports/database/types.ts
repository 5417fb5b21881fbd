/** One table's shape and content, as seen by `fingerprint`. */
export interface TableFingerprint {
  schema: string;
  name: string;
  rows: number;
  checksum: string; // md5 over the table's rows, each as text, sorted
  columns: { name: string; type: string }[]; // in ordinal order
  indexes: string[]; // sorted
}

/** Everything a restore must reproduce, sorted deterministically so two fingerprints compare by value. */
export interface DatabaseFingerprint {
  schemas: string[];
  tables: TableFingerprint[];
}

/** `<dir>/<id>.json`, written beside `<dir>/<id>.dump`; never holds the url or password. */
export interface BackupMetadata {
  id: string;
  createdAt: string; // ISO 8601
  tag: string;
  file: string; // the dump's file name inside the backup dir
  size: number;
  sha256: string;
  database: string; // name only
  fingerprint: DatabaseFingerprint;
}

/** A table whose row count the restore changed: `rows` > 0 were written after the backup and are discarded. */
export interface RowsReplaced {
  table: string; // schema.name
  rows: number; // rows just before the restore minus rows in the backup
}

/** identical: committed and proven; otherwise rolled back, the database as it was before the restore. */
export interface RestoreResult {
  identical: boolean;
  differences: string[];
  rowsReplaced: RowsReplaced[] | null; // null: the counts before the restore could not be read
}
