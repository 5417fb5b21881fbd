import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEnvironment } from './index.js';
import { defaultStateDir, gitWorkTreeOf, legacyStateDir } from './state-dir.js';
import { BASE_YAML, makeSandbox, type Sandbox } from './test-fixtures.js';

describe('defaultStateDir: outside any checkout', () => {
  it('root: /var/lib/ferry/<app>/<env>', () => {
    expect(defaultStateDir('web', 'staging', { isRoot: true, home: '/root', xdgStateHome: '/x' })).toBe('/var/lib/ferry/web/staging');
  });
  it('a user: $XDG_STATE_HOME/ferry/<app>/<env>, else ~/.local/state/ferry/<app>/<env>; a relative XDG_STATE_HOME is ignored', () => {
    expect(defaultStateDir('web', 'staging', { isRoot: false, home: '/home/ci', xdgStateHome: '/srv/state' })).toBe('/srv/state/ferry/web/staging');
    expect(defaultStateDir('web', 'staging', { isRoot: false, home: '/home/ci' })).toBe('/home/ci/.local/state/ferry/web/staging');
    expect(defaultStateDir('web', 'staging', { isRoot: false, home: '/home/ci', xdgStateHome: 'rel' })).toBe('/home/ci/.local/state/ferry/web/staging');
  });
  it('the old default was <environments dir>/../.ferry/<env>', () => {
    expect(legacyStateDir('/repo/environments', 'staging')).toBe('/repo/.ferry/staging');
  });
});

describe('a state dir inside a git work tree', () => {
  let box: Sandbox;
  beforeEach(async () => {
    box = await makeSandbox();
    await mkdir(path.join(box.root, '.git'));
  });
  afterEach(() => box.cleanup());

  it('is refused with exit 2 naming the key, the work tree and the fix', async () => {
    await box.write('test.yaml', `${BASE_YAML}state_dir: ../.ferry/test\n`);
    expect(await gitWorkTreeOf(path.join(box.root, '.ferry/test/not/yet'))).toBe(box.root);
    const error = await loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as Error).message).toMatch(/test\.yaml:\d+ state_dir: .*\.ferry\/test is inside the git work tree .*ferry-config-\w+; a CI checkout cleans ignored files/);
    expect((error as Error).message).toMatch(/remove state_dir to use \/\S+\/demo\/test, .* add state_dir_in_checkout: true/);
  });

  it('is allowed with state_dir_in_checkout: true', async () => {
    await box.write('test.yaml', `${BASE_YAML}state_dir: ../.ferry/test\nstate_dir_in_checkout: true\n`);
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: {} });
    expect(config).toMatchObject({ stateDir: path.join(box.root, '.ferry/test'), stateDirInCheckout: true });
  });
});

describe('a state dir others can write', () => {
  let box: Sandbox;
  beforeEach(async () => (box = await makeSandbox()));
  afterEach(() => box.cleanup());

  it('is refused with exit 2 naming the directory and the chmod that fixes it', async () => {
    const state = path.join(box.root, 'state');
    await mkdir(state);
    await chmod(state, 0o777);
    await box.write('test.yaml', `${BASE_YAML}state_dir: ../state\n`);
    await expect(loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: {} })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(`${state} is writable by everyone (mode 777); run: chmod go-w ${state}`),
    });
    await chmod(state, 0o700);
    await chmod(box.root, 0o775); // a parent writable by its group is refused too
    await expect(loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: {} })).rejects.toThrow(`${box.root} is writable by its group (mode 775); run: chmod go-w ${box.root}`);
    await chmod(box.root, 0o700);
    expect((await loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: {} })).stateDir).toBe(state);
  });
});

describe('state at the old default moves once', () => {
  let box: Sandbox;
  beforeEach(async () => (box = await makeSandbox()));
  afterEach(() => box.cleanup());

  it('to the default state dir, leaving a README, with a message naming both; never again', async () => {
    const old = path.join(box.root, '.ferry', 'test');
    await mkdir(path.join(old, 'releases'), { recursive: true });
    await writeFile(path.join(old, 'history.jsonl'), '{"id":"1"}\n');
    await writeFile(path.join(old, 'releases', '1.json'), '{}\n');
    const app = `mv${path.basename(box.root).slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`; // its own default dir
    await box.write('test.yaml', BASE_YAML.replace('app: demo', `app: ${app}`));
    const xdg = path.join(box.root, 'xdg');
    const expected = defaultStateDir(app, 'test', { isRoot: process.geteuid?.() === 0, home: '/unused', xdgStateHome: xdg });
    const messages: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => messages.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: { XDG_STATE_HOME: xdg } });
      expect(config.stateDir).toBe(expected);
      expect(await readFile(path.join(config.stateDir, 'history.jsonl'), 'utf8')).toBe('{"id":"1"}\n');
      expect(await readdir(old)).toEqual(['README']);
      expect(messages.join('')).toContain(`moved this environment's state from ${old} (the old default, inside the checkout) to ${expected}`);
      await loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: { XDG_STATE_HOME: xdg } });
      expect(messages).toHaveLength(1);
    } finally {
      process.stderr.write = write;
      await rm(path.dirname(expected), { recursive: true, force: true }); // /var/lib/ferry/<app> when root
    }
  });
});
