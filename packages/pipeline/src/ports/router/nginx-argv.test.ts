import { describe, expect, it } from 'vitest';
import { nginxReloadArgv, nginxStartArgv, nginxStopArgv, nginxTestArgv, routerPaths } from './nginx-argv.js';

const paths = routerPaths('/var/lib/ferry/demo-staging');
const prefix = [
  '-p',
  '/var/lib/ferry/demo-staging/router/',
  '-c',
  '/var/lib/ferry/demo-staging/router/nginx.conf',
  '-e',
  '/var/lib/ferry/demo-staging/router/error.log',
];

describe('routerPaths', () => {
  it('keeps every file under <stateDir>/router', () => {
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
});

describe('nginx argv', () => {
  it('tests, starts, reloads and quits with the default binary', () => {
    expect(nginxTestArgv(paths)).toEqual(['nginx', ...prefix, '-t', '-q']);
    expect(nginxStartArgv(paths)).toEqual(['nginx', ...prefix]);
    expect(nginxReloadArgv(paths)).toEqual(['nginx', ...prefix, '-s', 'reload']);
    expect(nginxStopArgv(paths)).toEqual(['nginx', ...prefix, '-s', 'quit']);
  });

  it('uses an overridden binary', () => {
    expect(nginxTestArgv(paths, '/usr/sbin/nginx')).toEqual(['/usr/sbin/nginx', ...prefix, '-t', '-q']);
    expect(nginxReloadArgv(paths, '/opt/nginx/sbin/nginx')).toEqual(['/opt/nginx/sbin/nginx', ...prefix, '-s', 'reload']);
  });
});
