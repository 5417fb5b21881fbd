// Make targets print what the user asked for: the build before them is quiet unless it fails.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_NOISE = /turbo|Tasks:|Cached:|cache (hit|miss)|> tsc|@ferry\/[a-z-]+:build|pnpm (exec|build)|node packages\/pipeline\/dist\/cli\.js/;

async function make(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('make', args, { cwd: ROOT, timeout: 600_000, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('make targets', () => {
  let bin: string;
  beforeAll(async () => {
    bin = await mkdtemp(path.join(tmpdir(), 'ferry-make-'));
    // Stand-in turbos: one that chatters and succeeds, one that fails the way tsc does.
    await writeFile(path.join(bin, 'turbo-ok'), '#!/bin/sh\necho "@ferry/pipeline:build: cache miss, executing"\necho " Tasks:    5 successful, 5 total"\n');
    await writeFile(path.join(bin, 'turbo-fails'), '#!/bin/sh\necho "@ferry/pipeline:build: src/a.ts(1,7): error TS2322: Type \'string\' is not assignable to type \'number\'."\nexit 2\n');
    await Promise.all(['turbo-ok', 'turbo-fails'].map((name) => chmod(path.join(bin, name), 0o755)));
  });
  afterAll(async () => rm(bin, { recursive: true, force: true }));

  it('`make config-check ENV=local` prints the command\'s output alone: no build log, no recipe echo', { timeout: 600_000 }, async () => {
    const run = await make(['config-check', 'ENV=local']); // the real build (turbo) runs first
    expect(run.code, run.stderr).toBe(0);
    const lines = (run.stdout + run.stderr).split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/environments\/local\.yaml: ok$/);
    expect(lines.filter((line) => BUILD_NOISE.test(line))).toEqual([]);
  });

  it('a build that succeeds prints nothing; one that fails prints its errors and fails the target', async () => {
    const quiet = await make(['build', `TURBO=${path.join(bin, 'turbo-ok')}`]);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    const failed = await make(['config-check', 'ENV=local', `TURBO=${path.join(bin, 'turbo-fails')}`]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain("src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(failed.stdout).not.toMatch(/local\.yaml: ok/); // the command does not run on a failed build
  });
});
