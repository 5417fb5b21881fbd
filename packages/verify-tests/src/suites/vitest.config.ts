// The runner's own vitest config: only the compiled suite files beside it, one file at a time so that
// the performance suite never measures latency while another suite loads the same deployment.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Not beside the compiled suites: the package directory may be read-only once installed.
  cacheDir: path.join(os.tmpdir(), 'ferry-verify-vite'),
  test: {
    include: ['*.suite.js'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    watch: false,
  },
});
