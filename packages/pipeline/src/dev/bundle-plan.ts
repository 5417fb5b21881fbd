// What the CLI bundle is made of, described apart from esbuild running it (bundle-cli.ts): Node resolving and
// loading ~400 files was most of a command's start-up, one bundle with lazy chunks loads a few.
import path from 'node:path';

/** Loaded at run time from node_modules, never bundled: only imported lazily, or native, or read their own files. */
export const EXTERNAL = ['ssh2', 'cpu-features', 'undici', '@ferry/verify-tests'];

// The bundle's chunks are ES modules; the CommonJS packages in them call require() for Node's built-ins.
export const BANNER = "import { createRequire as __ferryRequire } from 'node:module'; const require = __ferryRequire(import.meta.url);";

/** dist/cli.js, the `ferry` bin: starts the bundle (the unbundled tsc output stays runnable as dist/main.js). */
export const BIN_TEXT = `#!/usr/bin/env node
// Written by dist/dev/bundle-cli.js: the CLI is bundled into ./bundle/ so Node loads a few files, not hundreds.
import './bundle/main.js';
`;

/**
 * A file of the tsc output with each `import.meta.url` turned into that file's own URL, reached from the
 * bundle directory: paths it finds relative to itself (../package.json, the TUI, the k6 scenarios) stay true.
 */
export function keepOwnUrl(source: string, file: string, bundleDir: string): string {
  const relative = path.relative(bundleDir, file).split(path.sep).join('/');
  return source.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`);
}

export interface Deferred {
  /** The requiring package file's path ends with this. */
  importer: string;
  /** What it requires. */
  request: string;
  /** The stand-in module's CommonJS text; `real` is the absolute path of the file it stands for. */
  text: (real: string) => string;
}

// dockerode's gRPC/protobuf part reads its .proto files beside it and requires packages only dockerode
// depends on: it is loaded from dockerode's install at its first call (a BuildKit session, never in Ferry).
const fromDockerode = (file: string) => `require('node:module').createRequire(require.resolve('dockerode'))(${JSON.stringify(file)})`;

/**
 * Files required at load but used only on a path most commands never take (~200 ms of start-up, measured):
 * each is replaced by a stand-in that loads it at the first call. A bundled module runs when first required.
 */
export const DEFERRED: Deferred[] = [
  {
    importer: '/dockerode/lib/docker.js',
    request: './session',
    text: () => `module.exports = function () { return ${fromDockerode('./session.js')}.apply(this, arguments); };\n`,
  },
  {
    importer: '/dockerode/lib/docker.js',
    request: './buildkit',
    text: () => `module.exports = ${fromDockerode('./buildkit.js')};\n`,
  },
  {
    // docker-modem's ssh agent requires ssh2 (ssh:// engines only; Ferry's own is ssh-transport.ts)
    importer: '/docker-modem/lib/modem.js',
    request: './ssh',
    text: (real) => `module.exports = function () { return require(${JSON.stringify(real)}).apply(this, arguments); };\n`,
  },
];

/** The stand-in for `request` required from `importer`, if it is one of the deferred files. */
export function deferredFor(importer: string, request: string): Deferred | undefined {
  const normalised = importer.split(path.sep).join('/');
  return DEFERRED.find((d) => normalised.endsWith(d.importer) && d.request === request);
}
