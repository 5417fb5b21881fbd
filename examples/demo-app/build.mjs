// Bundles the app into dist/: the image has node but no node_modules (its base has no shell,
// so nothing can be installed at build time). Run by `pnpm build` (turbo) and by the tests.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');

await rm(dist, { recursive: true, force: true });
await build({
  entryPoints: { server: path.join(root, 'src/server.js'), migrate: path.join(root, 'src/migrate.js') },
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // pg is CommonJS and calls require() for node built-ins; an ESM bundle needs a real require.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // pg loads the optional native binding only when `pg.native` is used, which this app never does.
  external: ['pg-native'],
  logLevel: 'warning',
});
// Without a package.json saying so, node would read dist/*.js as CommonJS inside the image.
await writeFile(path.join(dist, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
