import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { KeyPath } from './issues.js';

/**
 * 1-based line of the deepest node along `path`: the key's line for a mapping entry, the item's
 * line for a list entry; a path that does not exist (missing key) stops at its nearest parent.
 */
export function lineOf(doc: Document, lines: LineCounter, path: KeyPath): number {
  let node: unknown = doc.contents;
  let line = lineAt(node, lines) ?? 1;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      line = lineAt(pair.key, lines) ?? lineAt(pair.value, lines) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      line = lineAt(node, lines) ?? line;
    } else {
      break;
    }
  }
  return line;
}

function lineAt(node: unknown, lines: LineCounter): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}
