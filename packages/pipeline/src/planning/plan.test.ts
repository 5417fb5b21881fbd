import { describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import { container as fixture } from './container-test-fixture.js';
import type { LedgerEntry } from '../state/ledger.js';
import { reconcile, type Truth } from '../state/truth.js';
import { describeDeployPlan, planDeploy } from './deploy-plan.js';
import { planRollback } from './rollback-plan.js';
import { everyReplica, healthVerdict } from './health-verdict.js';

const config = {
  name: 'staging',
  app: 'demo',
  image: { name: 'ferry/demo-app' },
  container: { port: 3000, network: 'bridge', replicas: 1 },
  router: { runtime: 'host', listen: { host: '127.0.0.1', port: 8180 }, ports: { blue: 18181, green: 18182 }, drainMs: 30_000 },
  engine: { host: { kind: 'local' } },
  strategy: { retain: 3 },
} as unknown as EnvironmentConfig;

const container = (colour: 'blue' | 'green', version: string, state = 'running'): FerryContainer => fixture(colour, version, { state });

const truth = (containers: FerryContainer[], configured: 'blue' | 'green' | null, live: 'blue' | 'green' | null = configured): Truth => ({
  containers,
  router: {
    running: live !== null,
    configured: configured ? { colour: configured, port: config.router.ports[configured], version: 'x' } : null,
    live: live ? { colour: live, upstream: null, status: 200 } : null,
  },
});

const entry = (tag: string, outcome: LedgerEntry['outcome'] = 'succeeded'): LedgerEntry => ({
  id: tag, env: 'staging', action: 'deploy', tag, imageId: null, fromColour: null, toColour: null, previousTag: null,
  startedAt: '', endedAt: '', outcome, reason: null,
});

describe('planDeploy', () => {
  it('with the router as a container the colour is reached on its own port over the environment network', () => {
    const inContainer = { ...config, container: { port: 3000 }, router: { ...config.router, runtime: 'container' } } as unknown as EnvironmentConfig;
    const plan = planDeploy(inContainer, truth([container('blue', 'v1')], 'blue'), 'v2', false);
    expect(plan).toMatchObject({
      active: { colour: 'blue', version: 'v1', port: 3000 },
      target: { colour: 'green', port: 3000, containerName: 'demo-staging-green', replicas: ['demo-staging-green'], address: 'port 3000 on network ferry-demo-staging' },
    });
    expect(describeDeployPlan(plan)[1]).toBe('start ferry/demo-app:v2 as demo-staging-green on port 3000 on network ferry-demo-staging');
  });

  it('first release goes to blue', () => {
    const plan = planDeploy(config, truth([], null), 'v1', false);
    expect(plan).toEqual({
      kind: 'deploy',
      active: null,
      replaces: null,
      drift: [],
      target: { colour: 'blue', port: 18181, containerName: 'demo-staging-blue', replicas: ['demo-staging-blue'], address: '127.0.0.1:18181', image: 'ferry/demo-app:v1', version: 'v1' },
    });
    expect(describeDeployPlan(plan)).toEqual([
      'traffic now: none (first release)',
      'start ferry/demo-app:v1 as demo-staging-blue on 127.0.0.1:18181',
      'health-gate, then switch the router to blue',
    ]);
  });

  it('goes to the colour the router does NOT serve, replacing the idle container', () => {
    const plan = planDeploy(config, truth([container('blue', 'v1'), container('green', 'v2')], 'green'), 'v3', false);
    expect(plan).toMatchObject({ kind: 'deploy', active: { colour: 'green', version: 'v2' }, target: { colour: 'blue', version: 'v3' }, replaces: { colour: 'blue', version: 'v1' } });
  });

  it('trusts the live router over its file when a switch was interrupted', () => {
    const plan = planDeploy(config, truth([container('blue', 'v1'), container('green', 'v2')], 'green', 'blue'), 'v3', false);
    expect(plan).toMatchObject({ active: { colour: 'blue', version: 'v1' }, target: { colour: 'green' } });
  });

  it('the active tag is a no-op unless forced', () => {
    const t = truth([container('blue', 'v1')], 'blue');
    expect(planDeploy(config, t, 'v1', false)).toMatchObject({ kind: 'noop' });
    expect(planDeploy(config, t, 'v1', true)).toMatchObject({ kind: 'deploy', target: { colour: 'green', version: 'v1' } });
  });
});

describe('planRollback', () => {
  const running = truth([container('blue', 'v1'), container('green', 'v2')], 'green');

  it('warm when the previous release still runs in the idle colour', () => {
    expect(planRollback(config, running, [entry('v1'), entry('v2')])).toMatchObject({ kind: 'warm', target: { colour: 'blue', version: 'v1' }, containerId: 'blue-id-0000000000' });
  });

  it('cold for --to an older tag whose container is gone', () => {
    expect(planRollback(config, running, [entry('v0'), entry('v1'), entry('v2')], 'v0')).toMatchObject({ kind: 'cold', target: { colour: 'blue', version: 'v0' } });
  });

  it('skips failed releases when picking the previous one', () => {
    expect(planRollback(config, running, [entry('v0'), entry('v1', 'rolled_back'), entry('v2')])).toMatchObject({ kind: 'cold', target: { version: 'v0' } });
  });

  it('--to takes a release id from the history as well as a tag: the tag that release put live', () => {
    const ledger = [{ ...entry('v0'), id: '20261124T100000Z-aaaa' }, { ...entry('v1'), id: '20261124T110000Z-bbbb' }, { ...entry('v2'), id: '20261124T120000Z-cccc' }];
    expect(planRollback(config, running, ledger, '20261124T100000Z-aaaa')).toMatchObject({ kind: 'cold', target: { version: 'v0' } });
    expect(planRollback(config, running, ledger, '20261124T110000Z-bbbb')).toMatchObject({ kind: 'warm', target: { version: 'v1' } });
    expect(planRollback(config, running, ledger, 'v0')).toMatchObject({ kind: 'cold', target: { version: 'v0' } });
  });

  it('--to a release id that put nothing live is refused (exit 2), naming it and where to look', () => {
    const ledger = [entry('v1'), { ...entry('v3', 'rolled_back'), id: 'r-failed' }, { ...entry('v1'), id: 'r-migrate', action: 'migrate' as const }, entry('v2')];
    expect(() => planRollback(config, running, ledger, 'r-failed')).toThrow(
      expect.objectContaining({ exitCode: 2, message: '--to r-failed: that release (deploy of v3) ended rolled_back and put nothing live; pick a deploy or rollback that succeeded from `ferry history --env staging`, or name a tag.' }),
    );
    expect(() => planRollback(config, running, ledger, 'r-migrate')).toThrow(/that release \(migrate of v1\) ended succeeded and put nothing live/);
  });

  it('the running standby wins over a history that disagrees (a torn line lost its release): warm, with a note naming both', () => {
    const v3Serving = truth([container('blue', 'v3'), container('green', 'v2')], 'blue');
    const lostV2 = [entry('v1'), entry('v3')];
    expect(planRollback(config, v3Serving, lostV2)).toMatchObject({
      kind: 'warm',
      target: { colour: 'green', version: 'v2' },
      note: 'the history names v1 as the release before v3, but v2 runs on the standby: rolling back to v2, the running one (for v1: ferry rollback --env staging --to v1)',
    });
    expect(planRollback(config, v3Serving, [entry('v3')])).toMatchObject({ kind: 'warm', target: { version: 'v2' } });
    expect(planRollback(config, v3Serving, [entry('v1'), entry('v2'), entry('v3')])).not.toHaveProperty('note'); // they agree
  });

  it('the history decides when the standby is stopped, or is a tag the history knows only as failed', () => {
    const stopped = truth([container('blue', 'v3'), container('green', 'v2', 'exited')], 'blue');
    expect(planRollback(config, stopped, [entry('v1'), entry('v3')])).toMatchObject({ kind: 'cold', target: { version: 'v1' } });
    const failedRunning = truth([container('blue', 'v3'), container('green', 'v2')], 'blue');
    expect(planRollback(config, failedRunning, [entry('v1'), entry('v2', 'rolled_back'), entry('v3')])).toMatchObject({ kind: 'cold', target: { version: 'v1' } });
    expect(planRollback(config, stopped, [entry('v3')])).toMatchObject({ kind: 'cold', target: { version: 'v2' } }); // no history: the stopped standby's version
  });

  it('refuses with exit 2 when nothing is served or nothing earlier is known', () => {
    expect(() => planRollback(config, truth([], null), [])).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => planRollback(config, truth([container('green', 'v2')], 'green'), [entry('v2')])).toThrow(/--to TAG/);
  });
});

describe('reconcile', () => {
  it('reports the truth and every disagreement with the ledger and router file', () => {
    const view = reconcile(config, truth([container('blue', 'v1'), container('green', 'v2')], 'green', 'blue'), [entry('v2')]);
    expect(view).toMatchObject({ routedColour: 'blue', active: { version: 'v1' }, standby: { version: 'v2' } });
    expect(view.warnings).toEqual([
      "the router's config on disk says green but it serves blue (a switch cut short?): a restart of the router would switch traffic; the next deploy or rollback writes it anew",
      'history says v2 was the last successful release, but v1 is serving (an interrupted command?)',
    ]);
  });

  it('flags traffic routed to a colour with no running container', () => {
    const view = reconcile(config, truth([container('green', 'v2', 'exited')], 'green'), [entry('v2')]);
    expect(view.warnings).toContain('traffic is routed to green but no running green container exists: run `ferry rollback` or deploy now');
  });
});

describe('healthVerdict', () => {
  it.each([
    [{ state: 'running', docker: 'none', httpOk: true, httpWhy: '' }, 'healthy'],
    [{ state: 'running', docker: 'healthy', httpOk: true, httpWhy: '' }, 'healthy'],
    [{ state: 'running', docker: 'starting', httpOk: true, httpWhy: '' }, 'waiting'],
    [{ state: 'running', docker: 'healthy', httpOk: false, httpWhy: 'HTTP 500' }, 'waiting'],
    [{ state: 'exited', docker: 'none', httpOk: false, httpWhy: '' }, 'dead'],
  ] as const)('%o → %s', (input, kind) => {
    expect(healthVerdict(input).kind).toBe(kind);
  });
});

describe('everyReplica', () => {
  const healthy = { kind: 'healthy' } as const;
  it('healthy only when every replica is; a dead one beats a waiting one, and names itself', () => {
    expect(everyReplica([{ name: 'a', verdict: healthy }, { name: 'a-2', verdict: healthy }])).toEqual(healthy);
    expect(everyReplica([{ name: 'a', verdict: { kind: 'waiting', why: 'HTTP 500' } }, { name: 'a-2', verdict: { kind: 'dead', why: 'container is exited' } }])).toEqual({ kind: 'dead', why: 'replica a-2: container is exited' });
    expect(everyReplica([{ name: 'a', verdict: healthy }, { name: 'a-2', verdict: { kind: 'waiting', why: 'HTTP 500' } }])).toEqual({ kind: 'waiting', why: 'replica a-2: HTTP 500' });
  });
  it('one replica: its verdict as it always read', () => {
    expect(everyReplica([{ name: 'a', verdict: { kind: 'waiting', why: 'HTTP 500' } }])).toEqual({ kind: 'waiting', why: 'HTTP 500' });
  });
});
