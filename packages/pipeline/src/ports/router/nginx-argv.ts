import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { RouterPaths } from './types.js';

// Root-owned and reachable by the workers whatever the mode of the directories above the state dir.
export const SYSTEM_TEMP_ROOT = '/var/cache/ferry/router';

export interface RouterLocation {
  stateDir: string;
  app: string;
  env: string;
  asRoot: boolean; // nginx started as root runs its workers as another user (nobody)
}

/**
 * The master (config, pid, logs) works from `<stateDir>/router`. The workers write request bodies and
 * buffered responses to the temp dir: as root they run as `nobody`, who may not be able to enter a
 * private state dir (e.g. under a mode-700 home), so their temp dir moves to a system location,
 * one per state dir.
 */
export function routerPaths({ stateDir, app, env, asRoot }: RouterLocation): RouterPaths {
  const dir = join(stateDir, 'router');
  const stateHash = createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 12);
  return {
    dir,
    mainConf: join(dir, 'nginx.conf'),
    upstreamConf: join(dir, 'upstream.conf'),
    pidFile: join(dir, 'nginx.pid'),
    errorLog: join(dir, 'error.log'),
    accessLog: join(dir, 'access.log'),
    tmpDir: asRoot ? join(SYSTEM_TEMP_ROOT, `${app}-${env}-${stateHash}`) : join(dir, 'tmp'),
  };
}

// -p keeps relative paths in the state dir; -e stops nginx opening /var/log/nginx before it reads our conf.
function baseArgv(paths: RouterPaths, bin: string): string[] {
  return [bin, '-p', `${paths.dir}/`, '-c', paths.mainConf, '-e', paths.errorLog];
}

// A refused config's error quotes what nginx read (an included file's content): to stderr, which Ferry trims, never the error log.
export function nginxTestArgv(paths: RouterPaths, bin = 'nginx'): string[] {
  return [...baseArgv(paths, bin).slice(0, -1), 'stderr', '-t', '-q'];
}

export function nginxStartArgv(paths: RouterPaths, bin = 'nginx'): string[] {
  return baseArgv(paths, bin);
}

// the master reopens its logs (after a rotation) without touching workers or config
export function nginxReopenArgv(paths: RouterPaths, bin = 'nginx'): string[] {
  return [...baseArgv(paths, bin), '-s', 'reopen'];
}

export function nginxStopArgv(paths: RouterPaths, bin = 'nginx'): string[] {
  return [...baseArgv(paths, bin), '-s', 'quit'];
}
