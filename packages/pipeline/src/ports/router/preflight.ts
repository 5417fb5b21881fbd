import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFailure, findExecutable, findProgram, isExecutableFile } from '@ferry/shared';
import { ConfigError } from '../../errors.js';
import { nginxTestArgv, routerPaths } from './nginx-argv.js';
import { hostPort, renderMainConf, renderUpstreamConf, type MainConfOptions } from './nginx-config.js';
import { execNginx } from './nginx-exec.js';

export const NGINX_INSTALL_HINT = 'install it with: apt-get install nginx-light (or run bash scripts/setup.sh)';

/** `nginx` from PATH, else the system one (Debian's /usr/sbin is not on a user's PATH), else the bare name (so preflight names what is missing). */
export function defaultNginxBin(pathVar = process.env.PATH): string {
  return findProgram('nginx', pathVar) ?? 'nginx';
}

/** The nginx binary to run: a path as given, or the first `bin` on PATH; exit 2 when there is none. */
export function resolveNginx(bin: string, pathVar = process.env.PATH): string {
  const found = bin.includes('/') ? (isExecutableFile(bin) ? bin : null) : findExecutable(bin, pathVar);
  if (!found) throw new ConfigError(`router: nginx is not installed ("${bin}" not found${bin.includes('/') ? '' : ' on PATH'}); ${NGINX_INSTALL_HINT}`);
  return found;
}

export function portInUseError(listen: { host: string; port: number }): ConfigError {
  return new ConfigError(
    `router/listen: ${hostPort(listen)} is already in use by another process; free port ${listen.port} or set router/listen to a free port`,
  );
}

/** Binds the listen address for an instant, the way nginx will; exit 2 naming router/listen when it cannot. */
export async function assertListenFree(listen: { host: string; port: number }): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: listen.host, port: listen.port, exclusive: true }, resolve);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw portInUseError(listen);
    if (code === 'EACCES') throw new ConfigError(`router/listen: port ${listen.port} needs root to bind; run ferry as root or set router/listen to a port above 1023`);
    if (code === 'EADDRNOTAVAIL') throw new ConfigError(`router/listen: ${listen.host} is not an address of this machine; use 127.0.0.1 or one of its own addresses`);
    throw new ConfigError(`router/listen: cannot listen on ${hostPort(listen)} (${(error as Error).message})`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * `nginx -t` of the config this environment would run, written to a scratch directory: a bad
 * router/snippet (or anything else nginx refuses) stops the command before the live files change.
 */
export async function assertConfigAccepted(opts: Omit<MainConfOptions, 'dir' | 'tmpDir'>, liveDir: string, bin: string): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'ferry-nginx-check-'));
  try {
    const paths = routerPaths({ stateDir: scratch, app: opts.app, env: opts.env, asRoot: false });
    await mkdir(paths.tmpDir, { recursive: true });
    await writeFile(paths.mainConf, renderMainConf({ ...opts, dir: paths.dir, tmpDir: paths.tmpDir }));
    await writeFile(paths.upstreamConf, renderUpstreamConf(null));
    const test = await execNginx(nginxTestArgv(paths, bin));
    if (test.code !== 0) {
      // nginx names the scratch copy; the user knows the file by where it will live
      const said = describeFailure(`nginx rejected the config ferry would write to ${liveDir}/nginx.conf (check router/snippet)`, test);
      throw new ConfigError(said.replaceAll(paths.dir, liveDir));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
