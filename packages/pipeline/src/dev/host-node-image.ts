// Nothing can be pulled here, so tests and the demo use a base image made from the host's own
// `node` binary plus the shared libraries `ldd` lists for it.
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import type { ProgressSink } from '../ports/docker/types.js';
import { importHostRootfs, lddFiles } from './host-rootfs.js';

export const HOST_NODE_IMAGE = 'ferry/node-base:local';
const NODE_IN_IMAGE = '/usr/local/bin/node';
const IMAGE_CHANGES = ['ENV PATH=/usr/local/bin:/usr/bin:/bin', 'WORKDIR /app'];

export async function buildHostNodeImage(
  engine: DockerEngine,
  tag = HOST_NODE_IMAGE,
  onProgress: ProgressSink = () => {},
  options: { force?: boolean; nodePath?: string } = {},
): Promise<string> {
  const nodePath = options.nodePath ?? process.execPath;
  const layout = async () => ({
    // node at /usr/local/bin/node, libraries at their own paths
    copies: (await lddFiles(nodePath, 'host node')).map((file) => ({ from: file, to: file === nodePath ? NODE_IN_IMAGE : file, mode: 0o755 })),
    writes: [],
    dirs: [
      { path: 'app', mode: 0o755 },
      { path: 'tmp', mode: 0o1777 },
    ],
  });
  return importHostRootfs(engine, { tag, changes: IMAGE_CHANGES, force: options.force, layout }, onProgress);
}
