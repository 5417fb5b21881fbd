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

export interface RestoreResult {
  identical: boolean;
  differences: string[];
}
