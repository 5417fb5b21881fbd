// `node dist/dev/bundle-cli.js` (the package's build, after tsc): bundles the CLI from tsc's output into
// dist/bundle/ (one entry, commands in lazy chunks) and writes dist/cli.js, the bin, to start it. See bundle-plan.ts.
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { BANNER, BIN_TEXT, deferredFor, EXTERNAL, keepOwnUrl } from './bundle-plan.js';

const DIST = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BUNDLE = path.join(DIST, 'bundle');

const ferryFiles: Plugin = {
  name: 'ferry-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/(session|buildkit|ssh)$/ }, (args) => {
      const deferred = deferredFor(args.importer, args.path);
      if (!deferred) return undefined;
      return { path: path.join(path.dirname(args.importer), `${args.path}.js`), namespace: 'ferry-deferred', pluginData: deferred };
    });
    b.onLoad({ filter: /.*/, namespace: 'ferry-deferred' }, (args) => ({
      contents: (args.pluginData as NonNullable<ReturnType<typeof deferredFor>>).text(args.path),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
    // only Ferry's own files (tsc output): a package's import.meta.url is left to mean its chunk
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(DIST + path.sep)) return undefined;
      const source = await readFile(args.path, 'utf8');
      return source.includes('import.meta.url') ? { contents: keepOwnUrl(source, args.path, BUNDLE), loader: 'js' } : undefined;
    });
  },
};

await rm(BUNDLE, { recursive: true, force: true });
await build({
  entryPoints: { main: path.join(DIST, 'main.js') },
  outdir: BUNDLE,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  banner: { js: BANNER },
  plugins: [ferryFiles],
  logLevel: 'warning',
});
await writeFile(path.join(DIST, 'cli.js'), BIN_TEXT);
await chmod(path.join(DIST, 'cli.js'), 0o755); // runnable as ./dist/cli.js too, even over an older file
