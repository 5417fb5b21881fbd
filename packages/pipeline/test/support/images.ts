import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const DEMO_CONTEXT = path.join(REPO_ROOT, 'examples/demo-app');
export const BASE_IMAGE = 'ferry/node-base:local';
export const E2E_IMAGE = 'ferry-e2e/demo-app';
// Good versions share one build (the version comes from FERRY_VERSION); `broken` never passes /health.
export const GOOD_TAGS = ['v1', 'v2', 'v3', 'v4', 'v5'];
export const BROKEN_TAG = 'broken';
