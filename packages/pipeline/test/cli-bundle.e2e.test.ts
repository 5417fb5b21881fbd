// The `ferry` bin is the esbuild bundle (src/dev/bundle-cli.ts): it answers as the CLI does, finds the files it
// reads beside its tsc output, and leaves dockerode's gRPC part and ssh2 unloaded until they are used.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { REPO_ROOT } from './support/images.js';
import { tempDirs } from './support/temp-dirs.js';

describe('the bundled CLI', () => {
  let env: TestEnvironment;
  let preload: string;
  const tempDir = tempDirs('ferry-bundle-');
  beforeAll(async () => {
    env = await makeEnvironment();
    // the CommonJS files the process loaded (node_modules packages come through require), one per line, as it exits
    preload = path.join(await tempDir(), 'loaded.cjs');
    await writeFile(preload, "process.on('exit', () => require('node:fs').writeSync(2, '\\n__loaded ' + Object.keys(require.cache).join('\\n__loaded ') + '\\n'));\n");
  });
  afterAll(async () => env.cleanup());

  it('is what the bin starts, and prints the package version', async () => {
    expect(await readFile(CLI, 'utf8')).toContain("import './bundle/main.js';");
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'packages/pipeline/package.json'), 'utf8'));
    expect(await ferry(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('help, an unknown command and a missing flag answer as before', async () => {
    const help = await ferry(['status', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: ferry <command> [flags]');
    const unknown = await ferry(['deplyo']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "deplyo"');
    const missing = await ferry(['rollback', '--environments', env.environmentsDir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--env');
  });

  it('a rollback reaches its first engine call without loading gRPC, protobuf or ssh2 (tsc\'s unbundled output loads them)', async () => {
    const absent = `unix://${path.join(env.root, 'no-engine.sock')}`;
    const rollback = async (cli: string) => {
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--require', preload, cli, ...env.args('rollback', '--to', 'v1', '--yes')], { env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: absent }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Docker engine did not answer at ${absent}`);
      const loaded = run.stderr.split('\n').filter((line) => line.startsWith('__loaded ')).map((line) => line.slice('__loaded '.length));
      return [...new Set(loaded.map((file) => /\/(@grpc|protobufjs|ssh2)\//.exec(file)?.[1]).filter(Boolean))].sort();
    };
    expect(await rollback(CLI)).toEqual([]);
    expect(await rollback(path.join(path.dirname(CLI), 'main.js'))).toEqual(['@grpc', 'protobufjs', 'ssh2']);
  });
});
