// Nothing can be pulled here, so tests and the demo use a base image made from the host's own
// `node` binary plus the shared libraries `ldd` lists for it.
import { chmod, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeFailure, run } from '@ferry/shared';
import tarFs from 'tar-fs';
import { FerryError } from '../errors.js';
import { dockerProgressLine } from '../ports/docker/build-stream.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import type { ProgressSink } from '../ports/docker/types.js';

export const HOST_NODE_IMAGE = 'ferry/node-base:local';
const NODE_IN_IMAGE = '/usr/local/bin/node';
const IMAGE_CHANGES = ['ENV PATH=/usr/local/bin:/usr/bin:/bin', 'WORKDIR /app'];

/**
 * The absolute files to copy: node, every `name => /path` library and the loader line
 * (`/lib64/ld-linux-x86-64.so.2 (0x…)`). The vDSO has no file and is skipped.
 */
export function hostNodeImageFiles(nodePath: string, lddOutput: string): string[] {
  const files = [nodePath];
  for (const raw of lddOutput.split('\n')) {
    const line = raw.trim();
    const missing = /^(\S+) => not found/.exec(line);
    if (missing) throw new FerryError(`ldd ${nodePath}: shared library ${missing[1]} not found on this host`);
    const match = /=>\s*(\/\S+)/.exec(line) ?? /^(\/\S+)/.exec(line);
    if (match && !files.includes(match[1]!)) files.push(match[1]!);
  }
  return files;
}

/** Lays out the root filesystem: node at /usr/local/bin/node, libraries at their own paths. */
async function assembleRootfs(dir: string, nodePath: string, files: string[]): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, file === nodePath ? NODE_IN_IMAGE : file);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file, target); // copyFile follows symlinks: the image gets real files
    await chmod(target, 0o755);
  }
  await mkdir(path.join(dir, 'app'), { recursive: true });
  await mkdir(path.join(dir, 'tmp'), { recursive: true });
  await chmod(path.join(dir, 'tmp'), 0o1777);
}

export async function buildHostNodeImage(
  engine: DockerEngine,
  tag = HOST_NODE_IMAGE,
  onProgress: ProgressSink = () => {},
  options: { force?: boolean; nodePath?: string } = {},
): Promise<string> {
  const existing = await engine.imageId(tag);
  if (existing && !options.force) {
    onProgress(`${tag} already exists (${existing})`);
    return existing;
  }
  const nodePath = options.nodePath ?? process.execPath;
  const ldd = await run(['ldd', nodePath], { timeoutMs: 60_000, notFound: () => new FerryError('ldd is not installed; the host node image needs ldd from libc-bin') });
  if (ldd.code !== 0) throw new FerryError(describeFailure(`ldd ${nodePath} failed; the host node image needs ldd from libc-bin`, ldd));
  const files = hostNodeImageFiles(nodePath, ldd.stdout);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-rootfs-'));
  try {
    await assembleRootfs(dir, nodePath, files);
    onProgress(`importing ${files.length} files from the host as ${tag}`);
    // umask 0 keeps /tmp's sticky 1777 mode; root ownership because the image runs as root.
    const packOptions: tarFs.PackOptions & { umask: number } = {
      umask: 0, // tar-fs honours it though @types/tar-fs does not declare it
      map: (header) => ({ ...header, uid: 0, gid: 0 }),
    };
    const rootfs = tarFs.pack(dir, packOptions);
    return await engine.importImage(rootfs, tag, IMAGE_CHANGES, (progress) => onProgress(dockerProgressLine(progress)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
