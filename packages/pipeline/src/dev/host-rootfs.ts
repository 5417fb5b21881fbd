// Nothing can be pulled here, so tests and the demo use images made from the host's own binaries
// plus the shared libraries `ldd` lists for them (dockerode `importImage` of a tar).
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeFailure, run } from '@ferry/shared';
import tarFs from 'tar-fs';
import { FerryError } from '../errors.js';
import { dockerProgressLine } from '../ports/docker/build-stream.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import type { ProgressSink } from '../ports/docker/types.js';

/**
 * The absolute files to copy: the binary, every `name => /path` library and the loader line
 * (`/lib64/ld-linux-x86-64.so.2 (0x…)`). The vDSO has no file and is skipped.
 */
export function hostBinaryFiles(binaryPath: string, lddOutput: string): string[] {
  const files = [binaryPath];
  for (const raw of lddOutput.split('\n')) {
    const line = raw.trim();
    const missing = /^(\S+) => not found/.exec(line);
    if (missing) throw new FerryError(`ldd ${binaryPath}: shared library ${missing[1]} not found on this host`);
    const match = /=>\s*(\/\S+)/.exec(line) ?? /^(\/\S+)/.exec(line);
    if (match && !files.includes(match[1]!)) files.push(match[1]!);
  }
  return files;
}

/** The binary and the libraries it links, as `ldd` on this host lists them. */
export async function lddFiles(binaryPath: string, imageName: string): Promise<string[]> {
  const hint = `the ${imageName} image needs ldd from libc-bin`;
  const ldd = await run(['ldd', binaryPath], { timeoutMs: 60_000, notFound: () => new FerryError(`ldd is not installed; ${hint}`) });
  if (ldd.code !== 0) throw new FerryError(describeFailure(`ldd ${binaryPath} failed; ${hint}`, ldd));
  return hostBinaryFiles(binaryPath, ldd.stdout);
}

/** What goes into the image: host files (source → path in the image), written files, empty directories. */
export interface RootfsLayout {
  copies: { from: string; to: string; mode: number }[];
  writes: { to: string; text: string }[];
  dirs: { path: string; mode: number }[];
}

async function assembleRootfs(dir: string, layout: RootfsLayout): Promise<void> {
  for (const copy of layout.copies) {
    const target = path.join(dir, copy.to);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(copy.from, target); // copyFile follows symlinks: the image gets real files
    await chmod(target, copy.mode);
  }
  for (const write of layout.writes) {
    const target = path.join(dir, write.to);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, write.text, { mode: 0o644 });
  }
  for (const entry of layout.dirs) {
    await mkdir(path.join(dir, entry.path), { recursive: true });
    await chmod(path.join(dir, entry.path), entry.mode);
  }
}

/** Imports the layout as `tag` unless the tag exists (or `force`); returns the image id. */
export async function importHostRootfs(
  engine: DockerEngine,
  request: { tag: string; changes: string[]; force?: boolean; layout: () => Promise<RootfsLayout> },
  onProgress: ProgressSink,
): Promise<string> {
  const existing = await engine.imageId(request.tag);
  if (existing && !request.force) {
    onProgress(`${request.tag} already exists (${existing})`);
    return existing;
  }
  const layout = await request.layout();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-rootfs-'));
  try {
    await assembleRootfs(dir, layout);
    onProgress(`importing ${layout.copies.length} files from the host as ${request.tag}`);
    // umask 0 keeps /tmp's sticky 1777 mode; root ownership because the image runs as root.
    const packOptions: tarFs.PackOptions & { umask: number } = {
      umask: 0, // tar-fs honours it though @types/tar-fs does not declare it
      map: (header) => ({ ...header, uid: 0, gid: 0 }),
    };
    const rootfs = tarFs.pack(dir, packOptions);
    return await engine.importImage(rootfs, request.tag, request.changes, (progress) => onProgress(dockerProgressLine(progress)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
