import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, describeStop } from './describe.js';
import { run, type OutputStream, type ProcessResult } from './run.js';

// Real processes: node itself stands in for the programs Ferry runs.
const node = process.execPath;
const script = (code: string, ...args: string[]) => [node, '-e', code, '--', ...args];
const generous = { timeoutMs: 60_000 };

describe('run: one way to run a program', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'ferry-run-')));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('returns the exit code, stdout and stderr of a failing program instead of throwing', async () => {
    const result = await run(script('process.stdout.write("out\\n"); process.stderr.write("err\\n"); process.exit(3)'), generous);
    expect(result).toMatchObject({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n', stopped: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('passes every argument literally: spaces, quotes, $(…), backticks, globs, empty strings are never interpreted', async () => {
    const marker = path.join(dir, 'injected');
    const nasty = ['a b', "it's", '"double"', `$(touch ${marker})`, `\`touch ${marker}\``, '; touch ' + marker, '*', '', 'line\nbreak', '$HOME', '\\'];
    const result = await run(script('process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...nasty), { ...generous, cwd: dir });
    expect(JSON.parse(result.stdout)).toEqual(nasty);
    expect(existsSync(marker)).toBe(false);
  });

  it('runs in the given directory with exactly the given environment, without the shell’s start-up files', async () => {
    // bash reads BASH_ENV, and ~/.bashrc when its stdin is a socket at shell level 1: neither may run.
    const home = path.join(dir, 'home');
    const startupRan = path.join(dir, 'startup-ran');
    await writeFile(path.join(dir, 'bash-env'), `touch ${startupRan}\n`);
    await mkdir(home);
    await writeFile(path.join(home, '.bashrc'), `touch ${startupRan}; echo from-bashrc >&2\n`);
    const env = { PATH: path.dirname(node), HOME: home, BASH_ENV: path.join(dir, 'bash-env'), ONLY: 'this' };
    const result = await run(script('process.stdin.pipe(process.stdout); process.stderr.write(process.cwd() + " " + process.env.ONLY)'), { ...generous, cwd: dir, env, input: 'from stdin' });
    expect(result).toMatchObject({ code: 0, stdout: 'from stdin', stderr: `${dir} this` });
    expect(existsSync(startupRan)).toBe(false);
  });

  it('relays each output line as it arrives, before the program ends', async () => {
    const lines: Array<[OutputStream, string]> = [];
    const controller = new AbortController();
    // The program writes, then waits forever: only a line relayed while it runs can end the test.
    const result = await run(script('process.stdout.write("one\\r\\ntwo\\n\\n"); process.stderr.write("warn"); process.stderr.write("ing\\n"); setInterval(() => {}, 1000)'), {
      ...generous,
      signal: controller.signal,
      onLine: (line, stream) => {
        lines.push([stream, line]);
        if (lines.length === 3) controller.abort();
      },
    });
    expect(result.stopped).toBe('cancelled');
    expect(lines.filter(([stream]) => stream === 'stdout')).toEqual([['stdout', 'one'], ['stdout', 'two']]);
    expect(lines.filter(([stream]) => stream === 'stderr')).toEqual([['stderr', 'warning']]);
  });

  it('relays the last line even without a final newline, and keeps characters split across chunks whole', async () => {
    const lines: string[] = [];
    await run(script('const b = Buffer.from("né\\nend"); process.stdout.write(b.subarray(0, 2)); setTimeout(() => process.stdout.write(b.subarray(2)), 50)'), {
      ...generous,
      onLine: (line) => lines.push(line),
    });
    expect(lines).toEqual(['né', 'end']);
  });

  it('stops a program that outlives its deadline', async () => {
    const result = await run(script('setInterval(() => {}, 1000)'), { timeoutMs: 200 });
    expect(result).toMatchObject({ stopped: 'timeout', code: null, signal: 'SIGTERM', timeoutMs: 200 });
    expect(result.durationMs).toBeGreaterThanOrEqual(200);
  });

  it('kills a program that ignores SIGTERM once the grace period is over', async () => {
    const code = 'process.on("SIGTERM", () => console.log("ignored")); console.log("ready"); setInterval(() => {}, 1000)';
    const controller = new AbortController();
    const lines: string[] = [];
    const result = await run(script(code), {
      ...generous,
      signal: controller.signal,
      killGraceMs: 300,
      onLine: (line) => {
        lines.push(line);
        if (line === 'ready') controller.abort();
      },
    });
    expect(result).toMatchObject({ stopped: 'cancelled', code: null, signal: 'SIGKILL' });
    expect(lines).toEqual(['ready', 'ignored']); // one SIGTERM, then SIGKILL
  });

  it('does not start a program when the signal has already aborted', async () => {
    const marker = path.join(dir, 'started');
    const result = await run(script(`require("fs").writeFileSync(${JSON.stringify(marker)}, "")`), { ...generous, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ stopped: 'cancelled', code: null });
    expect(existsSync(marker)).toBe(false);
  });

  it('a program that is not on PATH is the caller’s not-found error, not an exit code', async () => {
    await expect(run(['ferry-no-such-program', '--version'], { ...generous, env: { PATH: dir } })).rejects.toThrow('ferry-no-such-program is not installed (not found on PATH)');
    await expect(run(['node', '-v'], { ...generous, env: { PATH: dir }, notFound: (bin) => new RangeError(`install ${bin}`) })).rejects.toThrow(new RangeError('install node'));
    await expect(run([path.join(dir, 'missing')], generous)).rejects.toThrow(/missing is not installed/);
    expect((await run(['node', '-e', 'console.log(1)'], { ...generous, env: { PATH: path.dirname(node) } })).stdout).toBe('1\n');
  });

  it('works when Ferry itself runs with no bash on its PATH (zx looks for bash on PATH when it loads)', () => {
    const runModule = fileURLToPath(new URL('./run.ts', import.meta.url));
    const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
    const code = `const { run } = await import(${JSON.stringify(runModule)});
      const result = await run([process.execPath, '-e', 'process.stdout.write("ran")'], { timeoutMs: 60000 });
      process.stdout.write(JSON.stringify(result));`;
    // tsx loads the TypeScript source in a fresh process whose PATH has neither bash nor anything else.
    const child = spawnSync(node, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, env: { PATH: '/nonexistent' }, encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toMatchObject({ code: 0, stdout: 'ran', stopped: null });
  });

  it('a program that cannot start (its directory is gone) throws, naming the command', async () => {
    await expect(run(script('0'), { ...generous, cwd: path.join(dir, 'gone') })).rejects.toThrow(/^could not run .* -e 0 --: /);
  });
});

describe('describeFailure / describeStop', () => {
  const base: ProcessResult = { argv: ['nginx', '-t', '-c', '/x/nginx.conf'], code: 1, signal: null, stdout: '', stderr: '', durationMs: 12, stopped: null, timeoutMs: 15_000 };

  it('names what ran, how it ended and what it said', () => {
    expect(describeFailure('nginx rejected it', { ...base, stderr: 'nginx: [emerg] unknown directive "x"\n\nnginx: test failed\n' })).toBe(
      'nginx rejected it: `nginx -t -c /x/nginx.conf` exited 1 after 12ms: nginx: [emerg] unknown directive "x"\nnginx: test failed',
    );
    expect(describeFailure('could not stop nginx', { ...base, code: null, signal: 'SIGKILL', stdout: 'only stdout' })).toBe(
      'could not stop nginx: `nginx -t -c /x/nginx.conf` was killed by SIGKILL after 12ms: only stdout',
    );
    expect(describeFailure('x', base)).toBe('x: `nginx -t -c /x/nginx.conf` exited 1 after 12ms: (no output)');
  });

  it('quotes only the last lines of a long complaint', () => {
    const stderr = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(describeFailure('x', { ...base, stderr }).split('\n')).toHaveLength(20);
    expect(describeFailure('x', { ...base, stderr })).toMatch(/: line 31\n[^]*line 50$/);
  });

  it('says when Ferry stopped the program, and why', () => {
    expect(describeStop({ ...base, stopped: 'cancelled' })).toBe('cancelled: nginx -t -c /x/nginx.conf');
    expect(describeStop({ ...base, stopped: 'timeout' })).toBe('nginx -t -c /x/nginx.conf did not finish within 15000ms and was stopped');
    expect(describeStop({ ...base, stopped: 'timeout' }, 'psql')).toBe('psql did not finish within 15000ms and was stopped');
    expect(describeFailure('nginx reload failed', { ...base, stopped: 'timeout' })).toBe('nginx reload failed: nginx -t -c /x/nginx.conf did not finish within 15000ms and was stopped');
  });
});
