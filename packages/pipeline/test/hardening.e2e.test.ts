import { execFileSync } from 'node:child_process';
import { appendFile, readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_CAP_BYTES } from '../src/ports/router/log-files.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ferry } from './support/ferry.js';
import { E2E_IMAGE } from './support/images.js';
import { waitFor } from './support/wait.js';

// Its own image repository, so moving its tags never touches the images other tests share.
const REPO = `ferry-e2e-hardening-${process.pid}/app`;
// The demo app, but it first prints a terminal-title OSC, a clear-screen CSI and a carriage return.
const DOCKERFILE = `FROM ${E2E_IMAGE}:v1
CMD ["node", "-e", "process.stdout.write('\\\\x1b]0;pwned\\\\x07\\\\x1b[2J\\\\rescape-test\\\\n'); import('./server.js')"]
`;

const docker = new Dockerode();
const imageIdOf = async (ref: string) => (await docker.getImage(ref).inspect()).Id;
const mode = async (file: string) => (await stat(file)).mode & 0o777;

describe('hardening: pinned images, printable logs, private capped router logs', () => {
  let env: TestEnvironment;
  const run = (...args: string[]) => ferry(env.args(...args), {}, env.root);

  beforeAll(async () => {
    execFileSync('docker', ['build', '-q', '-t', `${REPO}:esc`, '-'], { input: DOCKERFILE });
    execFileSync('docker', ['tag', `${REPO}:esc`, `${REPO}:esc2`]);
    env = await makeEnvironment();
    const file = path.join(env.environmentsDir, `${env.env}.yaml`);
    await writeFile(file, (await readFile(file, 'utf8')).replace(`name: ${E2E_IMAGE}`, `name: ${REPO}`));
  }, 300_000);

  afterAll(async () => {
    await env?.cleanup();
    for (const tag of ['esc', 'esc2']) await docker.getImage(`${REPO}:${tag}`).remove({ force: true }).catch(() => undefined);
  });

  it('runs the image by the ID the tag had when the deploy resolved it; the tag stays in a label', async () => {
    const pinned = await imageIdOf(`${REPO}:esc`);
    const deploy = await run('deploy', '--tag', 'esc', '--yes');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    const [listed] = await docker.listContainers({ filters: { label: [`ferry.app=${env.app}`, 'ferry.version=esc'] } });
    const info = await docker.getContainer(listed!.Id).inspect();
    expect(info.Config.Image).toBe(pinned);
    expect(info.Config.Labels['ferry.image']).toBe(`${REPO}:esc`);
    const ledger = (await readFile(path.join(env.stateDir, 'history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(ledger.at(-1).imageId).toBe(pinned);
  }, 180_000);

  it('`ferry logs` prints the app output without escape sequences or control characters', async () => {
    await waitFor(async () => (await run('logs')).stdout.includes('escape-test'));
    const logs = await run('logs');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('escape-test');
    expect(logs.stdout).not.toMatch(/[\x1b\x07\r]/);
    expect(logs.stdout).not.toContain('pwned');
  }, 120_000);

  it('router logs are 0600; access and error logs over the cap are rotated on the next deploy and nginx writes fresh ones', async () => {
    const router = path.join(env.stateDir, 'router');
    const logs = ['access.log', 'error.log'].map((name) => path.join(router, name));
    for (const log of logs) {
      expect(await mode(log)).toBe(0o600);
      await appendFile(log, 'x'.repeat(LOG_CAP_BYTES + 1));
    }
    const deploy = await run('deploy', '--tag', 'esc2', '--yes');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    for (const log of logs) {
      expect((await stat(`${log}.1`)).size).toBeGreaterThan(LOG_CAP_BYTES);
      expect(await mode(`${log}.1`)).toBe(0o600);
      expect(await mode(log)).toBe(0o600);
      expect((await stat(log)).size).toBeLessThan(LOG_CAP_BYTES);
    }
    // the master reopened both: its descriptors name the fresh files, not the rotated ones
    const master = (await readFile(path.join(router, 'nginx.pid'), 'utf8')).trim();
    const fds = await readdir(`/proc/${master}/fd`);
    const open = await Promise.all(fds.map((fd) => readlink(`/proc/${master}/fd/${fd}`).catch(() => '')));
    for (const log of logs) {
      expect(open).toContain(log);
      expect(open).not.toContain(`${log}.1`);
    }
    // requests land in the new access log (flushed within a second), not in access.log.1
    await waitFor(async () => {
      await fetch(`${env.routerUrl}/health`).then((r) => r.text());
      return (await stat(logs[0]!)).size > 0;
    });
    expect((await stat(logs[0]!)).size).toBeLessThan(LOG_CAP_BYTES);
  }, 180_000);
});
