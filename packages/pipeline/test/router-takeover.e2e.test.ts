import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { startLoad } from './support/load.js';
import { servedVersion } from './support/served-version.js';
import { waitFor } from './support/wait.js';

// `ferry router takeover`: an environment deployed with the host nginx moves to the router container
// under continuous load. The failed requests are counted, and each must fall in the listener handover.

const docker = new Dockerode();
const PORTS_WARNING =
  "router/ports is not used with router/runtime: container (the colours publish no host port; the router reaches them on the environment's network): delete it";
const json = (stdout: string) => JSON.parse(stdout);

describe('ferry router takeover: host nginx → router container while serving', () => {
  let env: TestEnvironment;
  let file: string;
  let onHost: string;
  let routerName: string;
  let network: string;

  beforeAll(async () => {
    env = await makeEnvironment();
    file = path.join(env.environmentsDir, `${env.env}.yaml`);
    onHost = await readFile(file, 'utf8');
    routerName = `${env.app}-${env.env}-router`;
    network = `ferry-${env.app}-${env.env}`;
  });

  afterAll(async () => {
    await env.cleanup();
    await docker.getNetwork(network).remove().catch(() => undefined);
  });

  const useContainerRouter = (yaml = onHost) => writeFile(file, yaml.replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`));

  it('a takeover the router container cannot serve (wrong container/port) fails with exit 1: the host nginx keeps serving, no router container is left', async () => {
    const first = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(first.code, first.stderr).toBe(0);
    await useContainerRouter(onHost.replace('  port: 3000\n', '  port: 3999\n'));
    const load = startLoad(`${env.routerUrl}/`, 100);
    const failed = await ferry(env.args('router', 'takeover', '--yes'));
    const seen = await load.stop();
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain('the router container could not serve v1 on blue');
    expect(failed.stderr).toContain('the host nginx still serves');
    const blueAfter = await docker.getContainer(`${env.app}-${env.env}-blue`).inspect();
    expect(Object.keys(blueAfter.NetworkSettings.Networks)).not.toContain(network);
    expect(seen.sent).toBeGreaterThan(0);
    expect(seen.failures).toEqual([]);
    expect(await servedVersion(`${env.routerUrl}/`)).toBe('v1');
    expect(await docker.listContainers({ all: true, filters: { label: [`ferry.app=${env.app}`, 'ferry.role=router'] } })).toEqual([]);
  });

  it('moves v1 to the router container under 100 req/s: failures only in the listener handover, counted; the colour is not restarted', async () => {
    await useContainerRouter();
    const blue = `${env.app}-${env.env}-blue`;
    const startedAt = (await docker.getContainer(blue).inspect()).State.StartedAt;
    const load = startLoad(`${env.routerUrl}/`, 100);
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v1');
    const takeover = await ferry(env.args('router', 'takeover', '--yes', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v1');
    const seen = await load.stop();

    expect(takeover.code, takeover.stderr).toBe(0);
    const result = json(takeover.stdout);
    expect(result).toMatchObject({ serving: { colour: 'blue', version: 'v1', port: 3000 }, joined: blue, network, router: routerName });
    const { closedAt, answeredAt } = result.handover;
    // what the run measured, for the report
    const inWindow = [...seen.versions.map((v) => v.sentAt), ...seen.failedSentAt].filter((t) => t >= closedAt && t <= answeredAt).length;
    const earliest = seen.failedSentAt.length ? Math.min(...seen.failedSentAt) - closedAt : null;
    console.log(`takeover: ${seen.sent} requests, ${seen.failed} failed, handover ${result.handover.ms}ms, ${inWindow} requests sent in it, earliest failure sent ${earliest}ms after the quit; failures: ${JSON.stringify(seen.failures)}`);
    // a request fails only if its connection met the gap: sent after the quit, or still in nginx's accept queue when it came
    for (const sentAt of seen.failedSentAt) {
      expect(sentAt).toBeGreaterThanOrEqual(closedAt - 1000);
      expect(sentAt).toBeLessThanOrEqual(answeredAt);
    }
    expect(seen.failures.every((f) => /ECONNREFUSED|ECONNRESET|socket hang up/.test(f))).toBe(true);
    expect(seen.versions.length).toBeGreaterThan(seen.failed);

    // the router container serves, the host nginx is gone, the colour kept running all along and is on the network
    const router = await docker.getContainer(routerName).inspect();
    expect(router.State.Running).toBe(true);
    expect(router.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(await docker.listContainers({ all: true, filters: { name: [`${routerName}-takeover`] } })).toEqual([]);
    const blueNow = await docker.getContainer(blue).inspect();
    expect(blueNow.State.StartedAt).toBe(startedAt);
    expect(Object.keys(blueNow.NetworkSettings.Networks)).toContain(network);
    const status = await ferry(env.args('status', '--json'));
    expect(status.code, status.stderr).toBe(0);
  });

  it('the next deploy runs on the router container with zero failed requests; the new colour publishes no port', async () => {
    const load = startLoad(`${env.routerUrl}/`, 100);
    const second = await ferry(env.args('deploy', '--tag', 'v2', '--json'));
    await waitFor(async () => (await servedVersion(`${env.routerUrl}/`)) === 'v2');
    const seen = await load.stop();
    expect(second.code, second.stderr).toBe(0);
    expect(json(second.stdout)).toMatchObject({ from: { colour: 'blue', version: 'v1' }, to: { colour: 'green', version: 'v2' } });
    expect(seen.failures).toEqual([]);
    // the file still has the host router's router/ports: accepted, named in a warning
    expect(second.stderr).toContain(`warning: ${PORTS_WARNING}`);
    const green = await docker.getContainer(`${env.app}-${env.env}-green`).inspect();
    expect(green.HostConfig.PortBindings ?? {}).toEqual({});
    expect(Object.keys(green.NetworkSettings.Networks)).toEqual([network]);
  });

  it('a second takeover has nothing to take over: exit 2', async () => {
    const again = await ferry(env.args('router', 'takeover', '--yes'));
    expect(again.code, again.stderr).toBe(2);
    expect(again.stderr).toContain(`router container ${routerName} already serves ${env.env}; there is nothing to take over`);
  });

  it('config check: router/ports with the container router is a warning naming it (text and --json), exit 0; without it, none', async () => {
    const text = await ferry(env.args('config', 'check'));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`  warning: ${PORTS_WARNING}`);
    const checked = await ferry(env.args('config', 'check', '--json'));
    expect(checked.code, checked.stderr).toBe(0);
    expect(json(checked.stdout).warnings).toEqual([PORTS_WARNING]);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/  ports: \{[^}]*\}\n/, ''));
    const without = await ferry(env.args('config', 'check', '--json'));
    expect(without.code, without.stderr).toBe(0);
    expect(json(without.stdout)).toMatchObject({ warnings: [], config: { router: { runtime: 'container' } } });
    expect(json(without.stdout).config.router.ports).toBeUndefined();
    const status = await ferry(env.args('status'));
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).not.toContain('warning: router/ports');
  });
});
