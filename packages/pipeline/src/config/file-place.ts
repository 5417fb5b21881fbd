// Environment files and env files are read as regular files inside the environments directory. A link
// out of it (test.yaml → /root/.env) would make Ferry read — and quote in its errors — a file the
// environments directory does not hold; it is refused, naming the link and the fix.
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** What is at a config file's path: `real` is where a link leads (null: nowhere), `kind` what is there at the end. */
export interface FilePlace {
  shown: string; // the path as the user knows it
  isLink: boolean;
  real: string | null;
  realDir: string; // the environments directory, links resolved
  kind: 'file' | 'missing' | 'other';
}

const inside = (file: string, dir: string) => {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/** Why Ferry will not read the file and the fix, or null; pure. */
export function placeProblem(place: FilePlace): { message: string; fix: string } | null {
  if (place.kind === 'missing') return null; // a missing file is named by its own rule
  const dir = place.realDir;
  if (place.isLink && (place.real === null || !inside(place.real, dir))) {
    return {
      message: `${place.shown} is a symbolic link to ${place.real ?? 'a file that does not exist'}, outside the environments directory ${dir}`,
      fix: `ferry reads only regular files inside it: replace the link with the file itself (cp --remove-destination "$(readlink -f ${place.shown})" ${place.shown}), or point it inside ${dir}`,
    };
  }
  if (!place.isLink && place.real !== null && !inside(place.real, dir)) {
    return { message: `${place.shown} is outside the environments directory ${dir}`, fix: `ferry reads only regular files inside it: move the file into ${dir} and name it from there` };
  }
  if (place.kind !== 'file') return { message: `${place.shown} is not a regular file`, fix: `ferry reads only regular files inside the environments directory ${dir}` };
  return null;
}

/** Looks at `file` without reading it (links resolved once, to compare with the environments directory). */
export async function filePlace(file: string, environmentsDir: string, shown: string): Promise<FilePlace> {
  const realDir = await realpath(environmentsDir).catch(() => path.resolve(environmentsDir));
  const link = await lstat(file).catch(() => null);
  if (!link) return { shown, isLink: false, real: null, realDir, kind: 'missing' };
  const real = await realpath(file).catch(() => null);
  const target = real === null ? null : await stat(real).catch(() => null);
  // a path through a linked parent directory counts as where it really is
  return { shown, isLink: link.isSymbolicLink(), real: real ?? (link.isSymbolicLink() ? null : path.resolve(file)), realDir, kind: target?.isFile() ? 'file' : 'other' };
}
