// Pure: which replicas `ferry logs` shows (all, or the one --replica names), and each line headed by its replica's name.
import { ConfigError } from '../errors.js';
import { replicaIndex } from '../ports/router/replica-preview.js';

/** "1–3" for a run of numbers, else "1, 3". */
function rangeText(indexes: number[]): string {
  const contiguous = indexes.every((n, i) => i === 0 || n === indexes[i - 1]! + 1);
  return contiguous && indexes.length > 2 ? `${indexes[0]}–${indexes.at(-1)}` : indexes.join(', ');
}

/**
 * The replicas of a colour named `base`, in replica order; only the one `--replica N` names when given. A bad N (not a
 * replica the colour runs) is bad input naming the flag and the replicas there are (`what`: e.g. "blue of staging").
 */
export function chooseReplicas<T extends { name: string }>(replicas: T[], base: string, replica: string | undefined, what: string): T[] {
  const ordered = [...replicas].sort((a, b) => replicaIndex(base, a.name) - replicaIndex(base, b.name));
  if (replica === undefined) return ordered;
  const indexes = ordered.map((r) => replicaIndex(base, r.name));
  const chosen = /^\d+$/.test(replica.trim()) ? ordered[indexes.indexOf(Number(replica))] : undefined;
  if (!chosen) throw new ConfigError(`--replica ${replica}: ${what} runs replica${indexes.length === 1 ? '' : 's'} ${rangeText(indexes)}; pass --replica with one of them, or leave it out for all`);
  return [chosen];
}

/** Whole lines of a stream's text, each headed by `prefix`; a line not ended yet waits for the next write (end() gives it, ended). */
export function linePrefixer(prefix: string): { write: (text: string) => string; end: () => string } {
  let partial = '';
  return {
    write: (text) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      return lines.map((line) => `${prefix}${line}\n`).join('');
    },
    end: () => {
      const rest = partial;
      partial = '';
      return rest ? `${prefix}${rest}\n` : '';
    },
  };
}
