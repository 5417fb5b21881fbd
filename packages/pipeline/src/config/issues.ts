// One problem found in an environment file, before it is placed on a line and formatted.
export type KeyPath = ReadonlyArray<string | number>;

export interface Issue {
  path: KeyPath;
  message: string; // what was expected, and what was found
  hint?: string; // how to fix it
}

export function keyPathText(path: KeyPath): string {
  return path.length === 0 ? '(top level)' : path.join('/');
}

/** The value at `path` inside plain parsed data, or undefined. */
export function valueAt(data: unknown, path: KeyPath): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || node === undefined) return undefined;
    // a scalar standing for a mapping (a bare canary weight for { weight }): its value is what was written
    if (typeof node !== 'object') return node;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
