import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dockerode from 'dockerode';
import { DockerEngine } from '../src/ports/docker/docker-engine.js';
import { ferry } from './support/ferry.js';
import { exited, holdLockInAnotherProcess } from './support/lock-holder.js';
import { makeEnvironment, workerTempDir, type TestEnvironment } from './support/environment.js';
import { E2E_IMAGE } from './support/images.js';

const json = (stdout: string) => JSON.parse(stdout);
const docker = new Dockerode();
// --purge deletes images: this file deploys only images it built itself, under a name of its own
const REPO = `ferry-e2e-remove-${process.pid}-${Date.now().toString(36)}/app`;

/**
 * A distinct image (its own id) on top of the e2e demo image, so purging it touches nothing shared.
 * Without the Docker HEALTHCHECK (a node process every 2s that a loaded machine may time out): the
 * health gate then goes by HTTP alone, and this file is about teardown, not health.
 */
async function buildOwnImage(tag: string): Promise<void> {
  const context = await mkdtemp(path.join(tmpdir(), 'ferry-remove-image-'));
  try {
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${E2E_IMAGE}:v1\nLABEL ferry.test.image="${REPO}:${tag}"\nHEALTHCHECK NONE\n`);
    await new DockerEngine(docker).build({ context, dockerfile: 'Dockerfile', args: {}, tag: `${REPO}:${tag}` }, () => undefined);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

async function useOwnImage(env: TestEnvironment): Promise<void> {
  const file = path.join(env.environmentsDir, `${env.env}.yaml`);
  await writeFile(file, (await readFile(file, 'utf8')).replace(`name: ${E2E_IMAGE}`, `name: ${REPO}`));
}

/** Every container labelled as this environment's, or as one of its one-offs, whatever its state. */
async function containersOf(env: TestEnvironment): Promise<string[]> {
  const colours = await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, `ferry.env=${env.env}`] } });
  const oneOffs = await docker.listContainers({ all: true, filters: { label: [`ferry.one-off.target=${env.app}/${env.env}/only`] } });
  return [...colours, ...oneOffs].map((c) => c.Names[0]!.replace(/^\//, '')).sort();
}

/** Every nginx process whose command line names a path under `dir`. */
async function nginxProcessesIn(dir: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('nginx') && cmdline.includes(`${dir}/`)) found.push(Number(name));
  }
  return found;
}

const nginxProcessesOf = (env: TestEnvironment) => nginxProcessesIn(path.join(env.stateDir, 'router'));

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

const imageExists = async (ref: string) => (await docker.getImage(ref).inspect().then(() => true, () => false));

describe('ferry remove', () => {
  let env: TestEnvironment; // deploys `shared` then `only`, and is removed
  // another environment beside it (like production beside staging): released `shared`, now runs `next` alone
  let neighbour: TestEnvironment;
  let expected: string[];

  beforeAll(async () => {
    for (const tag of ['shared', 'only', 'next']) await buildOwnImage(tag);
    env = await makeEnvironment();
    neighbour = await makeEnvironment('', { beside: env, env: 'other', keepPrevious: false });
    await useOwnImage(env);
    await useOwnImage(neighbour);
    for (const [target, tag] of [[neighbour, 'shared'], [neighbour, 'next'], [env, 'shared'], [env, 'only']] as const) {
      const run = await ferry(target.args('deploy', '--tag', tag));
      expect(run.code, run.stderr).toBe(0);
    }
    // what a crashed migration leaves behind: a one-off container of this environment, never started
    await docker.createContainer({ name: `${env.app}-${env.env}-migrate-crashed`, Image: `${REPO}:only`, Labels: { 'ferry.one-off': 'migrate', 'ferry.one-off.target': `${env.app}/${env.env}/only` } });
    expected = [`${env.app}-${env.env}-blue`, `${env.app}-${env.env}-green`, `${env.app}-${env.env}-migrate-crashed`].sort();
  }, 240_000);

  afterAll(async () => {
    await env?.cleanup();
    await neighbour?.cleanup();
    await new Promise((resolve) => setTimeout(resolve, 500)); // nginx exits on SIGTERM without waiting for anything
    expect(await nginxProcessesIn(env.root)).toEqual([]); // nothing leaked, the neighbour's router included
    for (const tag of ['shared', 'only', 'next']) await docker.getImage(`${REPO}:${tag}`).remove({ force: true }).catch(() => undefined);
  });

  it('without --yes and without a terminal: exit 2, nothing removed', async () => {
    const run = await ferry(env.args('remove'));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/no terminal to ask on: pass --yes/);
    expect(await containersOf(env)).toEqual(expected);
    expect(await accepts(env.listen)).toBe(true);
    expect(await readdir(env.stateDir)).not.toContain('deploy.lock');
  });

  it('while another command holds the deploy lock: exit 4, nothing removed', async () => {
    const lockFile = path.join(env.stateDir, 'deploy.lock');
    // a real OS lock held by another live process; its description names the holder
    const holder = await holdLockInAnotherProcess(lockFile);
    await writeFile(lockFile, JSON.stringify({ pid: holder.pid, host: hostname(), command: 'ferry deploy (test)', startedAt: new Date().toISOString() }));
    try {
      const run = await ferry(env.args('remove', '--yes'));
      expect(run.code, run.stderr).toBe(4);
      expect(run.stderr).toMatch(new RegExp(`holds the deploy lock: pid ${holder.pid}`));
      expect(await containersOf(env)).toEqual(expected);
      expect(await accepts(env.listen)).toBe(true);
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
      await rm(lockFile, { force: true });
    }
  });

  it('--yes: no container, nginx process or listening port of the environment remains; state and images stay', async () => {
    expect(await nginxProcessesOf(env)).not.toEqual([]);
    const run = await ferry(env.args('remove', '--yes', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const result = json(run.stdout);
    expect(result).toMatchObject({ env: env.env, purge: false, images: null, stateDir: null, router: { wasRunning: true } });
    expect([...result.containers].sort()).toEqual(expected);
    expect(result.router.deleted).toEqual([path.join(env.stateDir, 'router'), workerTempDir(env.stateDir, env.app, env.env)]);
    expect(await containersOf(env)).toEqual([]);
    expect(await nginxProcessesOf(env)).toEqual([]);
    expect(await accepts(env.listen)).toBe(false);
    for (const dir of result.router.deleted) await expect(stat(dir)).rejects.toThrow(/ENOENT/);
    expect((await readdir(env.stateDir)).sort()).toEqual(['history.jsonl', 'releases', 'reports']);
    expect(await imageExists(`${REPO}:only`)).toBe(true);
    // the neighbour is untouched
    expect((await fetch(`${neighbour.routerUrl}/version`)).status).toBe(200);
  });

  it('--purge: its state dir and the image only it used are gone; images another environment runs or released are kept', async () => {
    const run = await ferry(env.args('remove', '--purge', '--yes'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`  images: removed ${REPO}:only\n`);
    expect(run.stdout).toContain(`    kept ${REPO}:next: in use by container ${neighbour.app}-other-green (running) of app ${neighbour.app}, environment other; a rollback target of environment other (one of its 3 newest releases)\n`);
    expect(run.stdout).toContain(`    kept ${REPO}:shared: a rollback target of environment other (one of its 3 newest releases)\n`);
    expect(run.stdout).toContain(`  state dir: deleted ${env.stateDir}\n`);
    await expect(stat(env.stateDir)).rejects.toThrow(/ENOENT/);
    expect(await imageExists(`${REPO}:only`)).toBe(false);
    expect(await imageExists(`${REPO}:next`)).toBe(true);
    expect(await imageExists(`${REPO}:shared`)).toBe(true);
    expect(await (await fetch(`${neighbour.routerUrl}/version`)).json()).toEqual({ version: 'next' });
    expect(await readdir(neighbour.stateDir)).toContain('history.jsonl');
  });
});
