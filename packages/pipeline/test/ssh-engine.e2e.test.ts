// engine.host: ssh://root@<address> for real: Debian's sshd in a second engine's namespace, docker-modem
// logging in over ssh2 with the key of an ssh-agent of the test's own and running `docker system
// dial-stdio` there; the host key checked against ~/.ssh/known_hosts of a HOME of the test's own.
// Deploy v1 → v2 under load, status, logs and remove go over ssh; a refused key, an unknown host key
// and a closed port each end in a bounded time with an error naming the engine.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../src/ports/docker/types.js';
import { attemptAll } from './support/environment.js';
import { ferry } from './support/ferry.js';
import { RATE, setUpRemoteDeploy, type RemoteDeploy } from './support/remote-deploy.js';
import { servedVersion } from './support/served-version.js';
import { leftoversOf, startSecondEngine, type SecondEngine } from './support/second-engine.js';
import { makeKey, startSshAgent, startSshServer, type SshAgent, type SshServer } from './support/ssh-server.js';

const json = (stdout: string) => JSON.parse(stdout);

describe('an environment on an ssh:// engine (sshd in the engine\'s namespace, key in an ssh-agent)', () => {
  let engine: SecondEngine;
  let server: SshServer;
  let agent: SshAgent;
  let fixture: RemoteDeploy;
  let keyFile = '';
  let home = ''; // HOME for ferry: .ssh/known_hosts lists the engine's host key, no identity files
  const sshEnv = () => ({ HOME: home, SSH_AUTH_SOCK: agent.socket, FERRY_SSH_KEY_FILE: '' });
  const sshUrl = () => `${server.url}:22`; // as ferry prints it

  beforeAll(async () => {
    engine = await startSecondEngine();
    const key = await makeKey(path.join(engine.tmp, 'client'), 'id_ed25519');
    keyFile = key.privateKey;
    server = await startSshServer(engine, [key]);
    agent = await startSshAgent(path.join(engine.tmp, 'agent'));
    await agent.add(key);
    home = path.join(engine.tmp, 'home');
    await mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
    await writeFile(path.join(home, '.ssh', 'known_hosts'), `${server.knownHostsLine}\n`, { mode: 0o600 });
    fixture = await setUpRemoteDeploy(engine, { label: 'sshdeploy', host: server.url, ferryEnv: sshEnv() });
  }, 300_000);

  afterAll(async () => {
    await attemptAll([async () => fixture?.cleanup(), async () => engine?.stop()]);
    if (engine) expect(await leftoversOf({ prefix: engine.prefix, tmp: engine.tmp, engines: [engine] })).toEqual([]); // sshd, its sessions and the agent too
  }, 300_000);

  it('deploys v1, then v2 under 100 req/s sent to the router in the namespace: zero failed requests', async () => {
    const { env, routerAt, app } = fixture;
    const first = await fixture.ferry(['deploy', '--tag', 'v1', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(json(first.stdout)).toMatchObject({ outcome: 'succeeded', to: { colour: 'blue', version: 'v1' } });
    expect(await servedVersion(`${routerAt}/`)).toBe('v1');

    const second = await fixture.under(['deploy', '--tag', 'v2', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(json(second.stdout)).toMatchObject({ outcome: 'succeeded', from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v2' } });
    expect(second.stderr).toContain(`on ${sshUrl()}`); // the pull step names the engine it ran on
    expect(second.seen.failures).toEqual([]);
    expect(second.seen.sent).toBeGreaterThanOrEqual(RATE);
    expect(new Set(second.seen.versions.map((v) => v.version))).toEqual(new Set(['v1', 'v2']));
    expect(await servedVersion(`${routerAt}/`)).toBe('v2');
    // it ran on that engine, reached over ssh: its containers are there
    const green = await engine.docker.getContainer(`${app}-${env.env}-green`).inspect();
    expect(green.State.Running).toBe(true);
  }, 360_000); // two deploys on a busy machine (one took 126 s at load 12): a bound, not a timing claim

  it('status (with the agent, or with FERRY_SSH_KEY_FILE alone) and logs go over ssh to that engine', async () => {
    const { env, routerAt, app } = fixture;
    const status = await fixture.ferry(['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(json(status.stdout)).toMatchObject({
      engine: `${sshUrl()} (engine.host)`,
      serving: { state: 'serving' },
      active: { colour: 'green', version: 'v2', state: 'running' },
      router: { running: true, liveColour: 'green', url: routerAt },
    });
    // without an agent, the key file FERRY_SSH_KEY_FILE names logs in
    const byFile = await ferry(env.args('status'), { ...sshEnv(), SSH_AUTH_SOCK: '', FERRY_SSH_KEY_FILE: keyFile });
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(byFile.stdout).toMatch(/^serving: yes, v2 on green/m);
    const logs = await fixture.ferry(['logs']);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stderr).toContain(`logs of ${app}-${env.env}-green (v2, green)`);
  });

  it('a key the host refuses, a host key not in known_hosts and a closed port: each ends with an error naming the engine, nothing changed', async () => {
    const { env } = fixture;
    const other = await startSshAgent(path.join(engine.tmp, 'other-agent'));
    try {
      await other.add(await makeKey(path.join(engine.tmp, 'other'), 'id_ed25519'));
      const refused = await ferry(env.args('status'), { ...sshEnv(), SSH_AUTH_SOCK: other.socket });
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(`Docker engine at ${sshUrl()} refused the ssh login of root (offered the keys of your ssh agent (SSH_AUTH_SOCK=${other.socket}))`);
    } finally {
      await other.stop();
    }

    const strangerHome = path.join(engine.tmp, 'stranger');
    await mkdir(path.join(strangerHome, '.ssh'), { recursive: true, mode: 0o700 });
    const unknown = await ferry(env.args('status'), { ...sshEnv(), HOME: strangerHome });
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toContain(`Docker engine at ${sshUrl()}: the ssh host key of ${engine.engineIp} is not in ${strangerHome}/.ssh/known_hosts`);
    expect(unknown.stderr).toContain(`ssh-keyscan ${engine.engineIp} >> ${strangerHome}/.ssh/known_hosts`);

    // the environment file pointed at a port where nothing listens: refused at once, never a hang
    const yaml = await readFile(fixture.file(), 'utf8');
    await writeFile(fixture.file(), yaml.replace(`host: ${server.url}\n`, `host: ${server.url}:2222\n`));
    try {
      const closed = await ferry(env.args('status'), sshEnv());
      expect(closed.code, closed.stderr).toBe(1);
      expect(closed.stderr).toContain(`Docker engine did not answer at ${server.url}:2222 (connect ECONNREFUSED ${engine.engineIp}:2222)`);
    } finally {
      await writeFile(fixture.file(), yaml);
    }
    // nothing changed: v2 still serves and status over the right port says so
    expect(json((await fixture.ferry(['status', '--json'])).stdout)).toMatchObject({ active: { version: 'v2' }, serving: { state: 'serving' } });
  });

  it('remove goes over ssh and leaves no container and no network of the environment on that engine', async () => {
    const { app } = fixture;
    const removed = await fixture.ferry(['remove', '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await engine.docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${app}`] } })).toEqual([]);
    expect(await engine.docker.listNetworks({ filters: { name: [fixture.network()] } })).toEqual([]);
    expect(await servedVersion(`${fixture.routerAt}/`)).toBeNull();
  });
});
