// Files into and out of containers as tar streams: the engine's archive API, which works on remote
// engines where a bind mount of a local file could not.
import path from 'node:path';
import type { Readable } from 'node:stream';
import tarStream from 'tar-stream';

export interface FileToPut {
  path: string; // absolute, inside the container
  text: string;
  mode: number;
}

/** A symbolic link: the engine replaces whatever is at `path` (removed, then made: nothing is there in between). */
export interface LinkToPut {
  path: string; // absolute, inside the container
  linkTo: string; // the link's target, as readlink shows it
}

export type EntryToPut = FileToPut | LinkToPut;

export async function packFiles(entries: EntryToPut[]): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const entry of entries) {
    const name = entry.path.replace(/^\//, '');
    if ('linkTo' in entry) pack.entry({ name, type: 'symlink', linkname: entry.linkTo, mode: 0o777, uid: 0, gid: 0 });
    else pack.entry({ name, mode: entry.mode, uid: 0, gid: 0 }, entry.text);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The text of the first regular file in a tar stream (a getArchive answer for one file), or null. */
export async function readFirstFile(archive: Readable): Promise<string | null> {
  const extract = tarStream.extract();
  archive.pipe(extract);
  let text: string | null = null;
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (text === null && entry.header.type === 'file') text = Buffer.concat(chunks).toString('utf8');
  }
  return text;
}

/** A file's text or a link's target, as a directory's archive holds them. */
export type TreeEntry = { text: string } | { linkTo: string };

/** Every regular file and symbolic link in a getArchive answer for directory `dir`, by absolute path. */
export async function readTree(archive: Readable, dir: string): Promise<Map<string, TreeEntry>> {
  const extract = tarStream.extract();
  archive.pipe(extract);
  const tree = new Map<string, TreeEntry>();
  const parent = path.posix.dirname(dir);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const at = path.posix.join(parent, entry.header.name);
    if (entry.header.type === 'file') tree.set(at, { text: Buffer.concat(chunks).toString('utf8') });
    else if (entry.header.type === 'symlink') tree.set(at, { linkTo: entry.header.linkname ?? '' });
  }
  return tree;
}
