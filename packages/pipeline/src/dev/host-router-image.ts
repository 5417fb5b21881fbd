// Nothing can be pulled here, so tests and the demo run the router from an image made of the
// host's own nginx binary plus the shared libraries `ldd` lists for it (real users get a public nginx image).
import { existsSync } from 'node:fs';
import { FerryError } from '../errors.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import type { ProgressSink } from '../ports/docker/types.js';
import { importHostRootfs, lddFiles, type RootfsLayout } from './host-rootfs.js';

export const HOST_ROUTER_IMAGE = 'ferry/router:local';
const NGINX = '/usr/sbin/nginx';
const MIME_TYPES = '/etc/nginx/mime.types';
// No STOPSIGNAL: `docker import` (engine 20.10) refuses it; the router container sets StopSignal SIGQUIT itself.
export const ROUTER_IMAGE_CHANGES = ['CMD ["/usr/sbin/nginx","-g","daemon off;"]'];

/** nginx at its own path, its libraries, mime.types, the users its workers may run as, and the directories it writes. */
export function routerImageLayout(files: string[]): RootfsLayout {
  return {
    copies: [...files.map((file) => ({ from: file, to: file, mode: 0o755 })), { from: MIME_TYPES, to: MIME_TYPES, mode: 0o644 }],
    writes: [
      { to: '/etc/passwd', text: 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' },
      { to: '/etc/group', text: 'root:x:0:\nnogroup:x:65534:\n' },
    ],
    dirs: [
      { path: 'var/log/nginx', mode: 0o755 },
      { path: 'var/lib/nginx', mode: 0o755 },
      { path: 'run', mode: 0o755 },
      { path: 'tmp', mode: 0o1777 },
    ],
  };
}

export async function buildHostRouterImage(
  engine: DockerEngine,
  tag = HOST_ROUTER_IMAGE,
  onProgress: ProgressSink = () => {},
  options: { force?: boolean } = {},
): Promise<string> {
  const layout = async () => {
    if (!existsSync(NGINX) || !existsSync(MIME_TYPES)) throw new FerryError(`the router image needs nginx on this host (${NGINX}, ${MIME_TYPES}): apt-get install -y nginx`);
    return routerImageLayout(await lddFiles(NGINX, 'router'));
  };
  return importHostRootfs(engine, { tag, changes: ROUTER_IMAGE_CHANGES, force: options.force, layout }, onProgress);
}
