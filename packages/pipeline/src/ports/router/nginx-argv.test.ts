import { describe, expect, it } from 'vitest';
import { nginxReopenArgv, nginxStartArgv, nginxStopArgv, nginxTestArgv, routerPaths } from './nginx-argv.js';

const location = { stateDir: '/var/lib/ferry/demo-staging', app: 'demo', env: 'staging' };
const paths = routerPaths({ ...location, asRoot: false });
const prefix = [
  '-p',
  '/var/lib/ferry/demo-staging/router/',
  '-c',
  '/var/lib/ferry/demo-staging/router/nginx.conf',
  '-e',
  '/var/lib/ferry/demo-staging/router/error.log',
];

describe('routerPaths', () => {
  it('keeps every file under <stateDir>/router when nginx runs as this same user', () => {
    expect(paths).toEqual({
      dir: '/var/lib/ferry/demo-staging/router',
      mainConf: '/var/lib/ferry/demo-staging/router/nginx.conf',
      upstreamConf: '/var/lib/ferry/demo-staging/router/upstream.conf',
      pidFile: '/var/lib/ferry/demo-staging/router/nginx.pid',
      errorLog: '/var/lib/ferry/demo-staging/router/error.log',
      accessLog: '/var/lib/ferry/demo-staging/router/access.log',
      tmpDir: '/var/lib/ferry/demo-staging/router/tmp',
    });
  });

  it('as root, moves only the workers\' temp dir to a system location, one per state dir', () => {
    const asRoot = routerPaths({ ...location, asRoot: true });
    // sha256("/var/lib/ferry/demo-staging"), first 12 hex digits
    expect(asRoot).toEqual({ ...paths, tmpDir: '/var/cache/ferry/router/demo-staging-4374c3e6809d' });
    const other = routerPaths({ ...location, stateDir: '/home/someone/ferry/.ferry/staging', asRoot: true });
    expect(other.tmpDir).not.toBe(asRoot.tmpDir);
    expect(other.tmpDir).toMatch(/^\/var\/cache\/ferry\/router\/demo-staging-[0-9a-f]{12}$/);
  });

  it('resolves a relative state dir before hashing it', () => {
    const relative = routerPaths({ ...location, stateDir: 'state', asRoot: true });
    expect(relative.tmpDir).toBe(routerPaths({ ...location, stateDir: `${process.cwd()}/state`, asRoot: true }).tmpDir);
  });
});

describe('nginx argv', () => {
  it('tests, starts, reopens and quits with the default binary', () => {
    expect(nginxTestArgv(paths)).toEqual(['nginx', ...prefix.slice(0, -1), 'stderr', '-t', '-q']);
    expect(nginxStartArgv(paths)).toEqual(['nginx', ...prefix]);
    expect(nginxStopArgv(paths)).toEqual(['nginx', ...prefix, '-s', 'quit']);
    expect(nginxReopenArgv(paths)).toEqual(['nginx', ...prefix, '-s', 'reopen']);
  });

  it('uses an overridden binary', () => {
    expect(nginxTestArgv(paths, '/usr/sbin/nginx')).toEqual(['/usr/sbin/nginx', ...prefix.slice(0, -1), 'stderr', '-t', '-q']);
    expect(nginxStopArgv(paths, '/opt/nginx/sbin/nginx')).toEqual(['/opt/nginx/sbin/nginx', ...prefix, '-s', 'quit']);
  });
});
