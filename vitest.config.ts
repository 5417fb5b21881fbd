import { defineConfig } from 'vitest/config';

// One config, two projects: pure-logic unit tests run in parallel; tests against the real
// Docker engine, nginx and the CLI share machine state, so they run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test.tsx', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['packages/*/test/**/*.e2e.test.ts', 'examples/*/test/**/*.e2e.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
          globalSetup: ['packages/pipeline/test/support/global-setup.ts'],
        },
      },
    ],
  },
});
