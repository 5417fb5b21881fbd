// The harness for remote-engine tests proves itself: real engines in namespaces of their own on one
// bridge, reachable over tcp://, fed through a TLS registry, and gone without a trace after teardown.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '@ferry/shared';
import { E2E_IMAGE } from './support/images.js';
import { startRegistry, type TestRegistry } from './support/registry.js';
import { inNamespace, leftoversOf, startEngines, startSecondEngine, sweepStaleGroups, type EngineGroup } from './support/second-engine.js';

describe('second engine harness', () => {
  let group: EngineGroup | undefined;
  let registry: TestRegistry | undefined;
  const main = new Dockerode();
  let pushedRef = '';
  const first = () => group!.engines[0]!;

  beforeAll(async () => {
    group = await startEngines(2);
    registry = await startRegistry({ tls: { ip: group.hostIp } });
    pushedRef = `${registry.url}/e2e-remote-${group.prefix}/demo-app:v1`;
  });
  afterAll(async () => {
    await main.getImage(pushedRef).remove().catch(() => undefined);
    await registry?.stop();
    await group?.stop();
  });

  it('each answers `docker -H tcp://… info` as an engine of its own', async () => {
    for (const engine of group!.engines) {
      const info = await run(['docker', '-H', engine.url, 'info', '--format', '{{.DockerRootDir}}'], { timeoutMs: 60_000 });
      expect(info.code, info.stderr).toBe(0);
      expect(info.stdout.trim()).toBe(engine.roots.data);
      expect((await engine.docker.listImages()).length).toBe(0); // nothing shared with the main engine
    }
  });

  it('one namespace reaches the other across the bridge (the DOCKER-USER rule lets it through FORWARD)', async () => {
    const [a, b] = group!.engines;
    const across = await run(inNamespace(a!.name, ['docker', '-H', b!.url, 'info', '--format', '{{.DockerRootDir}}']), { timeoutMs: 60_000 });
    expect(across.code, across.stderr).toBe(0);
    expect(across.stdout.trim()).toBe(b!.roots.data);
  });

  it('pulls an image the main engine pushed to the TLS registry, and runs it', async () => {
    await main.getImage(`${E2E_IMAGE}:v1`).tag({ repo: pushedRef.replace(/:v1$/, ''), tag: 'v1' });
    const push = await run(['docker', 'push', pushedRef], { timeoutMs: 180_000 });
    expect(push.code, push.stderr).toBe(0);
    const pull = await run(['docker', '-H', first().url, 'pull', pushedRef], { timeoutMs: 180_000 });
    expect(pull.code, pull.stderr).toBe(0);
    const ran = await run(['docker', '-H', first().url, 'run', '--rm', pushedRef, 'node', '-e', 'console.log("hello from " + require("os").hostname().length)'], { timeoutMs: 120_000 });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout.trim()).toBe('hello from 12'); // a container id's short form: it ran on that engine
    // The same image, byte for byte: the engines agree on its ID.
    expect((await first().docker.getImage(pushedRef).inspect()).Id).toBe((await main.getImage(pushedRef).inspect()).Id);
  });

  it('restarts like a rebooted host: containers with a restart policy come back by themselves', async () => {
    const started = await run(['docker', '-H', first().url, 'run', '-d', '--restart', 'unless-stopped', pushedRef, 'node', '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 120_000 });
    expect(started.code, started.stderr).toBe(0);
    const id = started.stdout.trim();
    const pidBefore = (await first().docker.getContainer(id).inspect()).State.Pid;
    await first().restart();
    let state = (await first().docker.getContainer(id).inspect()).State;
    for (let i = 0; i < 60 && !state.Running; i++) {
      await new Promise((r) => setTimeout(r, 500));
      state = (await first().docker.getContainer(id).inspect()).State;
    }
    expect(state.Running).toBe(true);
    expect(state.Pid).not.toBe(pidBefore); // a new process: the engine really went down and brought it back
    await first().docker.getContainer(id).remove({ force: true });
  });

  it('leaves nothing behind after teardown: no namespace, dockerd, shim, mount, interface, bridge or iptables rule', async () => {
    // a running container at teardown time: its shim must not survive the engine
    const started = await run(['docker', '-H', first().url, 'run', '-d', pushedRef, 'node', '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 120_000 });
    expect(started.code, started.stderr).toBe(0);
    const before = await leftoversOf(group!);
    expect(before.filter((thing) => thing.startsWith('process ')).length).toBeGreaterThan(2); // the check sees live engines
    expect(before).toEqual(expect.arrayContaining([`network namespace ${group!.prefix}n0`, `network namespace ${group!.prefix}n1`, `iptables rules naming ${group!.prefix}`]));
    await group!.stop();
    expect(await leftoversOf(group!)).toEqual([]);
    await group!.stop(); // idempotent: afterAll may call it again
  });

  it('a group whose test process died (killed before its teardown) is removed by the next run', async () => {
    const orphan = await startSecondEngine();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has exited: the owner of a killed run
    await writeFile(`/run/${orphan.prefix}.owner`, JSON.stringify({ pid: dead, tmp: orphan.tmp, count: 1 }));
    try {
      expect((await leftoversOf({ prefix: orphan.prefix, tmp: orphan.tmp, engines: [orphan] })).length).toBeGreaterThan(0);
      await sweepStaleGroups();
      expect(await leftoversOf({ prefix: orphan.prefix, tmp: orphan.tmp, engines: [orphan] })).toEqual([]);
    } finally {
      await orphan.stop();
    }
  });
});
