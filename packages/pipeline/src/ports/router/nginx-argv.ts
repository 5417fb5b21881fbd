import { join } from 'node:path';
import type { RouterPaths } from './types.js';

/** Every router file lives under `<stateDir>/router`: nothing outside the state dir is touched. */
export function routerPaths(stateDir: string): RouterPaths {
  const dir = join(stateDir, 'router');
  return {
    dir,
    mainConf: join(dir, 'nginx.conf'),
    upstreamConf: join(dir, 'upstream.conf'),
    pidFile: join(dir, 'nginx.pid'),
    errorLog: join(dir, 'error.log'),
    accessLog: join(dir, 'access.log'),
    tmpDir: join(dir, 'tmp'),
  };
}

// -p keeps relative paths in the state dir; -e stops nginx opening /var/log/nginx before it reads our conf.
function baseArgv(paths: RouterPaths, bin: string): string[] {
  return [bin, '-p', `${paths.dir}/`, '-c', paths.mainConf, '-e', paths.errorLog];
}

export function nginxTestArgv(paths: RouterPaths, bin = 'nginx'): string[] {
  return [...baseArgv(paths, bin), '-t', '-q'];
}

export function nginxStartArgv(paths: RouterPaths, bin = 'nginx'): string[] {
  return baseArgv(paths, bin);
}

export function nginxReloadArgv(paths: RouterPaths, bin = 'nginx'): string[] {
  return [...baseArgv(paths, bin), '-s', 'reload'];
}

export function nginxStopArgv(paths: RouterPaths, bin = 'nginx'): string[] {
  return [...baseArgv(paths, bin), '-s', 'quit'];
}
