import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN_TEXT, DEFERRED, deferredFor, keepOwnUrl } from './bundle-plan.js';

const require = createRequire(import.meta.url);

describe('keepOwnUrl', () => {
  it("turns a dist file's import.meta.url into its own URL reached from the bundle directory", () => {
    const source = "const RUN_VIEW = new URL('../../../tui/dist/cli-view.js', import.meta.url);";
    expect(keepOwnUrl(source, '/p/dist/cli/run-view.js', '/p/dist/bundle')).toBe(
      'const RUN_VIEW = new URL(\'../../../tui/dist/cli-view.js\', new URL("../cli/run-view.js", import.meta.url).href);',
    );
  });

  it('rewrites every occurrence, and a file without one is left as it is', () => {
    expect(keepOwnUrl('a(import.meta.url); b(import.meta.url)', '/p/dist/main.js', '/p/dist/bundle')).toBe(
      'a(new URL("../main.js", import.meta.url).href); b(new URL("../main.js", import.meta.url).href)',
    );
    expect(keepOwnUrl('const x = 1;', '/p/dist/main.js', '/p/dist/bundle')).toBe('const x = 1;');
  });

  it('the rewritten URL names the original file', () => {
    const bundleFile = new URL('file:///p/dist/bundle/chunk-ABC.js');
    const expression = keepOwnUrl('import.meta.url', '/p/dist/ports/loadtest/scenarios.js', '/p/dist/bundle');
    const url = new Function('meta', `return ${expression.replaceAll('import.meta.url', 'meta')}`)(bundleFile.href) as string;
    expect(url).toBe('file:///p/dist/ports/loadtest/scenarios.js');
  });
});

describe('deferred files', () => {
  it("defers exactly dockerode's session.js and buildkit.js and docker-modem's ssh.js, from their requiring file", () => {
    expect(DEFERRED.map((d) => `${d.importer} ${d.request}`)).toEqual([
      '/dockerode/lib/docker.js ./session',
      '/dockerode/lib/docker.js ./buildkit',
      '/docker-modem/lib/modem.js ./ssh',
    ]);
    expect(deferredFor('/x/node_modules/dockerode/lib/docker.js', './session')).toBe(DEFERRED[0]);
    expect(deferredFor('/x/node_modules/dockerode/lib/docker.js', './container')).toBeUndefined();
    expect(deferredFor('/x/node_modules/other/lib/docker.js', './session')).toBeUndefined();
  });

  it('the stand-in texts, exactly', () => {
    const loader = "require('node:module').createRequire(require.resolve('dockerode'))";
    expect(DEFERRED[0]!.text('/r/session.js')).toBe(`module.exports = function () { return ${loader}("./session.js").apply(this, arguments); };\n`);
    expect(DEFERRED[1]!.text('/r/buildkit.js')).toBe(`module.exports = ${loader}("./buildkit.js");\n`);
    expect(DEFERRED[2]!.text('/r/ssh.js')).toBe('module.exports = function () { return require("/r/ssh.js").apply(this, arguments); };\n');
  });

  it('the files they name are where this install has them, each exporting what the stand-in stands for', () => {
    const dockerode = require.resolve('dockerode');
    const fromDockerode = createRequire(dockerode);
    const modem = fromDockerode.resolve('docker-modem');
    for (const [importer, request] of [[dockerode, './session'], [dockerode, './buildkit'], [modem, './ssh']] as const) {
      expect(deferredFor(importer, request)).toBeDefined();
    }
    // the stand-ins are functions for session and ssh, and the module itself for buildkit (used as buildkit.followProgress)
    expect(typeof createRequire(modem)(path.join(path.dirname(modem), 'ssh.js'))).toBe('function');
    expect(typeof fromDockerode('./session.js')).toBe('function');
    expect(typeof fromDockerode('./buildkit.js').followProgress).toBe('function');
  });
});

describe('the bin', () => {
  it('starts the bundle and nothing else', () => {
    expect(BIN_TEXT.split('\n').filter((line) => line && !line.startsWith('#') && !line.startsWith('//'))).toEqual(["import './bundle/main.js';"]);
  });
});
