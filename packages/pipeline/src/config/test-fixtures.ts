// Temp-dir environments for the config tests; nothing is written outside os.tmpdir().
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadEnvironment } from './index.js';
import type { EnvironmentConfig } from './types.js';

/** A valid environment file; line numbers matter to the error tests (see the comments). */
export const BASE_YAML = `app: demo
image:
  name: ferry/demo-app
  build:
    context: ./app
container:
  port: 3000
  env_file: .env.test
  env:
    LOG_LEVEL: info
  secrets: [DATABASE_URL]
health:
  path: /health
  interval: 1s
  timeout: 2s
  deploy_timeout: 60s
router:
  listen: 127.0.0.1:8080
  ports:
    blue: 18081
    green: 18082
strategy:
  monitor: 10s
  keep_previous: true
  retain: 3
approval: none
`;

export interface Sandbox {
  root: string; // temp dir
  envDir: string; // <root>/environments
  write(relative: string, text: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** <tmp>/environments with .env.test and a build context app/ holding a Dockerfile. */
export async function makeSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ferry-config-'));
  const envDir = path.join(root, 'environments');
  const write = async (relative: string, text: string) => {
    const target = path.join(envDir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
    return target;
  };
  await write('.env.test', 'GREETING=hello\n');
  await write('app/Dockerfile', 'FROM scratch\n');
  return { root, envDir, write, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A sandbox made before a file's tests and removed after them; the loader writes test.yaml and loads it (DATABASE_URL set). */
export function sandboxLoader(): (yaml: string) => Promise<EnvironmentConfig> {
  let box: Sandbox;
  beforeAll(async () => (box = await makeSandbox()));
  afterAll(() => box.cleanup());
  return async (yaml) => {
    await box.write('test.yaml', yaml);
    return loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: { DATABASE_URL: 'postgres://x' } });
  };
}
