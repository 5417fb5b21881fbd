// The harness for remote-engine tests proves itself: a second real engine in a namespace of its own,
// reachable over tcp://, fed through a TLS registry, and gone without a trace after teardown.
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '@ferry/shared';
import { E2E_IMAGE } from './support/images.js';
import { startRegistry, type TestRegistry } from './support/registry.js';
import { leftoversOf, startSecondEngine, type SecondEngine } from './support/second-engine.js';

describe('second engine harness', () => {
  let engine: SecondEngine | undefined;
  let registry: TestRegistry | undefined;
  const main = new Dockerode();
  let pushedRef = '';

  beforeAll(async () => {
    engine = await startSecondEngine();
    registry = await startRegistry({ tls: { ip: engine.hostIp } });
    pushedRef = `${registry.url}/e2e-remote-${engine.name}/demo-app:v1`;
  });
  afterAll(async () => {
    await main.getImage(pushedRef).remove().catch(() => undefined);
    await registry?.stop();
    await engine?.stop();
  });

  it('answers `docker -H tcp://… info` as an engine of its own', async () => {
    const info = await run(['docker', '-H', engine!.url, 'info', '--format', '{{.DockerRootDir}}'], { timeoutMs: 60_000 });
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout.trim()).toBe(engine!.roots.data);
    expect((await engine!.docker.listImages()).length).toBe(0); // nothing shared with the main engine
  });

  it('pulls an image the main engine pushed to the TLS registry, and runs it', async () => {
    await main.getImage(`${E2E_IMAGE}:v1`).tag({ repo: pushedRef.replace(/:v1$/, ''), tag: 'v1' });
    const push = await run(['docker', 'push', pushedRef], { timeoutMs: 180_000 });
    expect(push.code, push.stderr).toBe(0);
    const pull = await run(['docker', '-H', engine!.url, 'pull', pushedRef], { timeoutMs: 180_000 });
    expect(pull.code, pull.stderr).toBe(0);
    const ran = await run(['docker', '-H', engine!.url, 'run', '--rm', pushedRef, 'node', '-e', 'console.log("hello from " + require("os").hostname().length)'], { timeoutMs: 120_000 });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout.trim()).toBe('hello from 12'); // a container id's short form: it ran on that engine
    // The same image, byte for byte: the engines agree on its ID.
    expect((await engine!.docker.getImage(pushedRef).inspect()).Id).toBe((await main.getImage(pushedRef).inspect()).Id);
  });

  it('leaves nothing behind after teardown: no namespace, dockerd, shim, mount, interface or iptables rule', async () => {
    // a running container at teardown time: its shim must not survive the engine
    const started = await run(['docker', '-H', engine!.url, 'run', '-d', pushedRef, 'node', '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 120_000 });
    expect(started.code, started.stderr).toBe(0);
    const before = await leftoversOf(engine!);
    expect(before.some((thing) => thing.startsWith('process '))).toBe(true); // the check sees a live engine
    expect(before).toContain(`network namespace ${engine!.name}`);
    await engine!.stop();
    expect(await leftoversOf(engine!)).toEqual([]);
    await engine!.stop(); // idempotent: afterAll may call it again
  });
});
