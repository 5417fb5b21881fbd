import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const DEMO_CONTEXT = path.join(REPO_ROOT, 'examples/demo-app');
export const BASE_IMAGE = 'ferry/node-base:local';
export const ROUTER_IMAGE = 'ferry/router:local'; // the host's nginx, shared like the base image: never deleted by a test
export const E2E_IMAGE = 'ferry-e2e/demo-app';
// Good versions share one build (the version comes from FERRY_VERSION); `broken` never passes /health.
export const GOOD_TAGS = ['v1', 'v2', 'v3', 'v4', 'v5'];
export const BROKEN_TAG = 'broken';

// Database-backed demo images: which migrations each ships, and its fault (see examples/demo-app/README.md).
export const DB_IMAGES: Record<string, Record<string, string>> = {
  db1: { MIGRATIONS_GLOB: '001_*.sql' }, // schema 001 only
  db2: {}, // every migration
  'db2-broken': { DEMO_FAULT: 'unhealthy' }, // migrates fine, then never passes /health
  'db-halfway': { DEMO_FAULT: 'migration-halfway' }, // adds a table and a column outside a transaction, then fails
};

// Versions that pass /health but are wrong in a way only the verification suites see.
export const FAULT_IMAGES: Record<string, string> = { lie: 'version-lie', error500: 'error500', error5: 'error5', slow: 'slow' };
